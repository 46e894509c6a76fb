using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// Thumbnails by face id and photos by photo id, from the paths the library stores: no path ever comes from the
/// request, so nothing outside the library can be asked for. And the page's own style sheet and script.
/// </summary>
public static class MediaEndpoints
{
    private static readonly Dictionary<string, string> PhotoTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png", [".gif"] = "image/gif", [".webp"] = "image/webp",
        [".bmp"] = "image/bmp", [".avif"] = "image/avif",
    };

    public static void Map(WebApplication app, ReviewServices services)
    {
        app.MapGet("/thumb/{faceId:long}", (long faceId) =>
        {
            var face = services.Gate.Read(store => store.GetReviewFace(faceId));
            return face is not null && services.Thumbnails.PathOf(face) is { } path ? Results.File(path, "image/jpeg") : Results.NotFound();
        });

        // Only photo formats a browser shows; a RAW or HEIC photo is looked at in a photo tool.
        app.MapGet("/photo/{photoId:long}", (long photoId) =>
            services.Gate.Read(store => store.GetPhotoPath(photoId)) is { } path && File.Exists(path) && PhotoTypes.TryGetValue(Path.GetExtension(path), out var type)
                ? Results.File(path, type)
                : Results.NotFound());

        app.MapGet("/assets/app.css", () => Results.Text(Asset("app.css"), "text/css; charset=utf-8"));
        app.MapGet("/assets/app.js", () => Results.Text(Asset("app.js"), "text/javascript; charset=utf-8"));
    }

    private static string Asset(string name)
    {
        using var stream = typeof(MediaEndpoints).Assembly.GetManifestResourceStream($"FaceCluster.Cli.Serve.Assets.{name}")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
