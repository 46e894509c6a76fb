using FaceCluster.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// GET /person/ID: all of a person's faces, a page at a time (keyset: <c>?after=FACE</c>); rename, hide, and for the
/// faces ticked: "not this person", move to another person, or a new named person.
/// </summary>
public static class PersonPage
{
    public static void Map(WebApplication app, ReviewServices services)
    {
        var page = services.Page;
        app.MapGet("/person/{id:long}", (long id, HttpRequest request) =>
        {
            var after = FormFields.Query(request, "after");
            var (person, faces) = services.Gate.Read(store => (store.GetReviewPerson(id, 0), store.LoadPersonFaces(id, after, services.Options.PageSize)));
            if (person is null)
            {
                return page.NotFound($"There is no person {id} (it may have been merged into another).");
            }

            var next = faces.Items.Count == services.Options.PageSize
                ? Html.Of($"""<p class="pager"><a rel="next" href="/person/{id}?after={faces.Items[^1].Id}">next faces</a></p>""")
                : Markup.Empty;
            var tiles = Markup.Join(faces.Items.Select(f => Html.Of($"""
                <label class="tile"><input type="checkbox" name="face" value="{f.Id}">{HtmlPage.Thumbnail(f.Id)}<a href="/photo/{f.PhotoId}">photo</a></label>
                """)));
            var actions = Html.Of($"""
                <div class="faces">{tiles}</div>
                <p class="actions"><button name="action" value="reject">Not this person</button>
                <label>Move to person <input name="target" inputmode="numeric" size="6"></label><button name="action" value="move">Move</button>
                <label>New person named <input name="name" size="16"></label><button name="action" value="new">New person</button></p>
                """);
            return page.Render(HtmlPage.PersonName(id, person.Name), Html.Of($"""
                <p>{person.FaceCount} faces{(person.Hidden ? " (hidden)" : "")}.</p>
                {page.Form($"/person/{id}/name", Html.Of($"""<label>Name <input name="name" value="{person.Name ?? ""}" size="24"></label><button>Rename</button>"""), "inline")}
                {page.Form($"/person/{id}/hide", Html.Of($"""<input type="hidden" name="hidden" value="{(person.Hidden ? 0 : 1)}"><button>{(person.Hidden ? "Show again" : "Hide")}</button>"""), "inline")}
                {page.Form($"/person/{id}/faces", actions, "faces-form")}
                {next}
                """));
        });

        app.MapPost("/person/{id:long}/name", async (long id, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return await services.Gate.WriteAsync(store =>
            {
                store.NamePerson(id, FormFields.Text(form, "name"));
                return Results.Redirect(form["back"] == "review" ? "/review" : $"/person/{id}");
            }, request.HttpContext.RequestAborted);
        });

        app.MapPost("/person/{id:long}/hide", async (long id, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return await services.Gate.WriteAsync(store =>
            {
                store.HidePerson(id, FormFields.Long(form, "hidden") == 1);
                return Results.Redirect($"/person/{id}");
            }, request.HttpContext.RequestAborted);
        });

        app.MapPost("/person/{id:long}/faces", async (long id, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return await services.Gate.WriteAsync(store =>
            {
                var faces = FormFields.Longs(form, "face");
                switch (form["action"].FirstOrDefault())
                {
                    case "reject":
                        store.RejectFaces(faces);
                        return Results.Redirect($"/person/{id}");
                    case "move":
                        var target = FormFields.Long(form, "target");
                        store.MoveFaces(faces, target);
                        return Results.Redirect($"/person/{target}");
                    case "new":
                        return Results.Redirect($"/person/{store.CreatePerson(services.Options.Profile, FormFields.Text(form, "name"), faces)}");
                    default:
                        throw new CorrectionException("choose what to do with the faces");
                }
            }, request.HttpContext.RequestAborted);
        });
    }
}
