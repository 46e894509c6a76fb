using System.Globalization;
using FaceCluster.Grouping;
using FaceCluster.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// GET /suggestions: the pairs 'facecluster suggest' lists, most likely first; approve merges them (the named or
/// larger one is kept), deny remembers they are different people (as 'facecluster deny').
/// </summary>
public static class SuggestionsPage
{
    public static void Map(WebApplication app, ReviewServices services)
    {
        var page = services.Page;
        app.MapGet("/suggestions", (HttpRequest request) =>
        {
            var options = services.Options;
            var rows = services.Gate.Read(store =>
                new MergeSuggester(store, options.Location.SidecarBase, options.Profile, options.Grouping).Suggest(options.PageSize, request.HttpContext.RequestAborted)
                    .Select(s => (Suggestion: s, A: store.GetReviewPerson(s.PersonA, PeoplePage.Samples), B: store.GetReviewPerson(s.PersonB, PeoplePage.Samples)))
                    .Where(r => r.A is not null && r.B is not null)
                    .Select(r => (r.Suggestion, Keep: Kept(r.A!, r.B!), Other: Kept(r.A!, r.B!) == r.A ? r.B! : r.A!))
                    .ToList());
            var cards = Markup.Join(rows.Select(r => Html.Of($"""
                <div class="suggestion">{PeoplePage.Card(r.Keep)}{PeoplePage.Card(r.Other)}
                <p>distance {r.Suggestion.Distance.ToString("0.000", CultureInfo.InvariantCulture)}, {r.Suggestion.Links} links</p>
                {page.Form("/suggestions/approve", Pair(r.Keep.Id, r.Other.Id, "Same person: merge"), "inline")}
                {page.Form("/suggestions/deny", Pair(r.Keep.Id, r.Other.Id, "Different people"), "inline")}</div>
                """)));
            return page.Render("Merge suggestions", rows.Count == 0
                ? Html.Of($"<p>No suggestions: no two people have neighbouring faces.</p>")
                : Html.Of($"""<p>Pairs of people that are probably one person, most likely first.</p>{cards}"""));
        });

        app.MapPost("/suggestions/approve", async (HttpRequest request) => await Answer(services, request, (store, keep, other) => store.MergePeople(keep, other)));
        app.MapPost("/suggestions/deny", async (HttpRequest request) => await Answer(services, request, (store, keep, other) => store.DenyPair(keep, other)));
    }

    /// <summary>The person a merge keeps: the named one, else the one with more faces, else the older.</summary>
    private static ReviewPerson Kept(ReviewPerson a, ReviewPerson b) =>
        (a.Name is null) != (b.Name is null) ? (a.Name is not null ? a : b)
        : a.FaceCount != b.FaceCount ? (a.FaceCount > b.FaceCount ? a : b)
        : a.Id < b.Id ? a : b;

    private static Markup Pair(long keep, long other, string label) =>
        Html.Of($"""<input type="hidden" name="keep" value="{keep}"><input type="hidden" name="other" value="{other}"><button>{label}</button>""");

    private static async Task<IResult> Answer(ReviewServices services, HttpRequest request, Action<IFaceStore, long, long> answer)
    {
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        return await services.Gate.WriteAsync(store =>
        {
            answer(store, FormFields.Long(form, "keep"), FormFields.Long(form, "other"));
            return Results.Redirect("/suggestions");
        }, request.HttpContext.RequestAborted);
    }
}
