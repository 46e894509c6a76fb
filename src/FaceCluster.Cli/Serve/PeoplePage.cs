using FaceCluster.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaceCluster.Cli.Serve;

/// <summary>GET /people: named people first, then by face count, a page at a time; <c>?hidden=1</c> lists the hidden ones.</summary>
public static class PeoplePage
{
    public const int Samples = 4;

    public static void Map(WebApplication app, ReviewServices services)
    {
        app.MapGet("/", () => Results.Redirect("/people"));
        app.MapGet("/people", (HttpRequest request) =>
        {
            var hidden = FormFields.Query(request, "hidden") == 1;
            var pageNumber = (int)Math.Min(FormFields.Query(request, "page"), int.MaxValue / services.Options.PageSize);
            var page = services.Gate.Read(store => store.LoadPeoplePage(
                services.Options.Profile, hidden ? PeopleFilter.Hidden : PeopleFilter.Visible, pageNumber * services.Options.PageSize, services.Options.PageSize, Samples));
            var title = hidden ? "Hidden people" : "People";
            return services.Page.Render(title, Html.Of($"""
                <p>{page.Total} {(hidden ? "hidden " : "")}people; named first, then most faces first.</p>
                <div class="people">{Markup.Join(page.Items.Select(Card))}</div>
                {Pager(hidden ? "/people?hidden=1&" : "/people?", pageNumber, page.Total, services.Options.PageSize)}
                """));
        });
    }

    public static Markup Card(ReviewPerson person) => Html.Of($"""
        <a class="person" href="/person/{person.Id}"><span class="name">{HtmlPage.PersonName(person.Id, person.Name)}</span>
        <span class="count">{person.FaceCount} faces</span><span class="faces">{Markup.Join(person.SampleFaces.Select(HtmlPage.Thumbnail))}</span></a>
        """);

    /// <summary>Previous / next links for offset paging (page numbers from 0).</summary>
    public static Markup Pager(string prefix, int page, int total, int pageSize)
    {
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        var previous = page > 0 ? Html.Of($"""<a rel="prev" href="{prefix}page={page - 1}">previous</a>""") : Markup.Empty;
        var next = page + 1 < pages ? Html.Of($"""<a rel="next" href="{prefix}page={page + 1}">next</a>""") : Markup.Empty;
        return Html.Of($"""<p class="pager">{previous} page {page + 1} of {pages} {next}</p>""");
    }
}
