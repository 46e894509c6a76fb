using System.Net;
using FaceCluster.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaceCluster.Cli.Serve;

/// <summary>The review web app: Kestrel on one address, the token gate in front of every page, and the pages.</summary>
public static class ReviewServer
{
    public static WebApplication Build(ServeOptions options)
    {
        if (!IPAddress.TryParse(options.Host, out var address))
        {
            throw new ConfigurationException($"--host must be an IP address (such as 127.0.0.1 or 0.0.0.0), not '{options.Host}'");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ReviewServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address, options.Port));
        var app = builder.Build();

        var page = new HtmlPage(options.Token);
        var libraryGate = new LibraryGate(options, page);
        app.Lifetime.ApplicationStopped.Register(libraryGate.Dispose);
        var services = new ReviewServices(options, libraryGate, page, new ThumbnailCache(options.ThumbnailDirectory), new NearestPeopleCache(options.Profile));
        // The nearest-person search reads every embedding: built once at start rather than on the first review page.
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => services.Gate.Read(store =>
        {
            services.Nearest.Warm(store);
            return true;
        })));
        app.Use((context, next) =>
        {
            // Scripts and styles only from this server: even markup that slipped through could run nothing.
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            return next(context);
        });
        var gate = new TokenGate(options.Token);
        app.Use((context, next) => gate.InvokeAsync(context, next));

        PeoplePage.Map(app, services);
        PersonPage.Map(app, services);
        ReviewQueuePage.Map(app, services);
        SuggestionsPage.Map(app, services);
        HistoryPage.Map(app, services);
        MediaEndpoints.Map(app, services);
        return app;
    }

    /// <summary>The address to open, with the token: the one Kestrel actually bound (port 0 picks a free port).</summary>
    public static string Address(WebApplication app, ServeOptions options)
    {
        var bound = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return $"http://{bound.Authority}/?{AccessToken.QueryName}={options.Token}";
    }
}
