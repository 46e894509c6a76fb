using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaceCluster.Cli.Serve;

/// <summary>GET /history: the latest corrections (the CLI's too), newest first; POST /undo reverts the newest.</summary>
public static class HistoryPage
{
    private const int Shown = 50;

    public static void Map(WebApplication app, ReviewServices services)
    {
        var page = services.Page;
        app.MapGet("/history", () =>
        {
            var entries = services.Gate.Read(store => store.LoadCorrections(Shown));
            var rows = Markup.Join(entries.Select(e => Html.Of($"""<li><time>{e.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)}</time> {e.Description}</li>""")));
            return page.Render("Corrections", entries.Count == 0
                ? Html.Of($"<p>No corrections to undo.</p>")
                : Html.Of($"""{page.Form("/undo", Html.Of($"<button>Undo: {entries[0].Description}</button>"), "inline")}<ol class="history">{rows}</ol>"""));
        });

        app.MapPost("/undo", async (HttpRequest request) => await services.Gate.WriteAsync(store =>
        {
            store.UndoLastCorrection();
            return Results.Redirect("/history");
        }, request.HttpContext.RequestAborted));
    }
}
