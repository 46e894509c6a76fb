using System.Globalization;
using FaceCluster.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// GET /review: unnamed people, largest first, each with a name field; then the faces that belong to nobody, each
/// with the person its nearest face belongs to and a button to put it there.
/// </summary>
public static class ReviewQueuePage
{
    public static void Map(WebApplication app, ReviewServices services)
    {
        var (page, size) = (services.Page, services.Options.PageSize);
        app.MapGet("/review", (HttpRequest request) =>
        {
            var pageNumber = (int)Math.Min(FormFields.Query(request, "page"), int.MaxValue / size);
            var after = FormFields.Query(request, "after");
            var (people, faces, nearest) = services.Gate.Read(store =>
            {
                var unassigned = store.LoadUnassignedFaces(services.Options.Profile, after, size);
                var suggestions = services.Nearest.Suggest(store, unassigned.Items.Select(f => f.Id));
                var names = suggestions.Values.Select(s => s.PersonId).Distinct()
                    .Select(id => store.GetReviewPerson(id, 1)).OfType<ReviewPerson>().ToDictionary(p => p.Id);
                return (store.LoadPeoplePage(services.Options.Profile, PeopleFilter.Unnamed, pageNumber * size, size, PeoplePage.Samples), unassigned,
                    suggestions.Where(s => names.ContainsKey(s.Value.PersonId)).ToDictionary(s => s.Key, s => (Person: names[s.Value.PersonId], s.Value.Distance)));
            });

            var clusters = Markup.Join(people.Items.Select(person => Html.Of($"""
                <div class="cluster">{PeoplePage.Card(person)}
                {page.Form($"/person/{person.Id}/name", Html.Of($"""<input type="hidden" name="back" value="review"><input name="name" size="16" aria-label="name of person {person.Id}"><button>Name</button>"""), "inline")}</div>
                """)));
            var loose = Markup.Join(faces.Items.Select(face => Html.Of($"""
                <div class="loose">{HtmlPage.Thumbnail(face.Id)}{Suggestion(page, face, nearest)}</div>
                """)));
            var next = faces.Items.Count == size
                ? Html.Of($"""<p class="pager"><a rel="next" href="/review?page={pageNumber}&after={faces.Items[^1].Id}">more faces</a></p>""")
                : Markup.Empty;
            return page.Render("Review queue", Html.Of($"""
                <h2>Unnamed people ({people.Total}), largest first</h2>
                <div class="people">{clusters}</div>
                {PeoplePage.Pager("/review?", pageNumber, people.Total, size)}
                <h2>Faces that belong to nobody ({faces.Total})</h2>
                <div class="loose-faces">{loose}</div>
                {next}
                """));
        });

        app.MapPost("/review/assign", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return await services.Gate.WriteAsync(store =>
            {
                store.MoveFaces([FormFields.Long(form, "face")], FormFields.Long(form, "person"));
                return Results.Redirect("/review");
            }, request.HttpContext.RequestAborted);
        });
    }

    private static Markup Suggestion(HtmlPage page, ReviewFace face, Dictionary<long, (ReviewPerson Person, float Distance)> nearest) =>
        nearest.TryGetValue(face.Id, out var best)
            ? page.Form("/review/assign", Html.Of($"""
                <input type="hidden" name="face" value="{face.Id}"><input type="hidden" name="person" value="{best.Person.Id}">
                <span class="nearest">nearest: <a href="/person/{best.Person.Id}">{HtmlPage.PersonName(best.Person.Id, best.Person.Name)}</a> (distance {best.Distance.ToString("0.000", CultureInfo.InvariantCulture)})</span>
                <button>Is {HtmlPage.PersonName(best.Person.Id, best.Person.Name)}</button>
                """))
            : Html.Of($"""<span class="nearest">nobody near</span>""");
}
