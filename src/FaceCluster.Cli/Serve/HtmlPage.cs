using Microsoft.AspNetCore.Http;

namespace FaceCluster.Cli.Serve;

/// <summary>The frame around every page (navigation, styles, script) and the answers that are whole pages.</summary>
public sealed class HtmlPage(string token)
{
    public IResult Render(string title, Markup body, int status = StatusCodes.Status200OK) => Results.Content(
        Html.Of($"""
                 <!doctype html>
                 <html lang="en"><head><meta charset="utf-8"><title>{title} - FaceCluster</title>
                 <link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js" defer></script></head>
                 <body><nav><a href="/people">People</a> <a href="/review">Review queue</a> <a href="/suggestions">Merge suggestions</a>
                 <a href="/people?hidden=1">Hidden</a> <a href="/history">Corrections and undo</a></nav>
                 <main><h1>{title}</h1>{body}</main></body></html>
                 """).Value, "text/html; charset=utf-8", null, status);

    /// <summary>A form that posts to <paramref name="action"/> with the token, so a foreign page cannot forge it.</summary>
    public Markup Form(string action, Markup fields, string? cssClass = null) =>
        Html.Of($"""<form method="post" action="{action}" class="{cssClass ?? ""}"><input type="hidden" name="{AccessToken.FormField}" value="{token}">{fields}</form>""");

    /// <summary>The library lock is held by a run ('group', 'ingest'): nothing was changed; the user tries again.</summary>
    public IResult Busy(string why) => Render("Busy, try again",
        Html.Of($"""<p class="busy">The library is busy: {why}. Nothing was changed; go back and try again when it has finished.</p>"""),
        StatusCodes.Status409Conflict);

    public IResult Refused(string why) => Render("Not done", Html.Of($"""<p class="error">{why}</p>"""), StatusCodes.Status400BadRequest);

    public IResult NotFound(string what) => Render("Not found", Html.Of($"<p>{what}</p>"), StatusCodes.Status404NotFound);

    public static Markup Thumbnail(long faceId) => Html.Of($"""<img class="face" src="/thumb/{faceId}" alt="face {faceId}" loading="lazy" width="96" height="96">""");

    /// <summary>How a person is called on the pages: its name, else its id.</summary>
    public static string PersonName(long id, string? name) => name ?? $"Person {id} (unnamed)";
}
