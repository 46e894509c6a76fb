using System.Net;
using FaceCluster.Cli;
using FaceCluster.Tests.Cli;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Serve;

/// <summary>The review server's guards, against the real server process: the token, escaping, and paths.</summary>
public sealed class ReviewSecurityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RequestsWithoutTheToken_AreRefusedWith403()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        using var server = ReviewServerProcess.Start(library.Database);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };

        foreach (var path in new[] { "/", "/people", $"/person/{library.First}", "/review", "/suggestions", "/history", $"/thumb/{library.Faces[0]}", "/photo/1", "/assets/app.js", "/people?token=wrong" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
        }

        // The cookie alone does not let a post through: a foreign page's form would carry the cookie too.
        using var withCookie = new HttpRequestMessage(HttpMethod.Post, $"/person/{library.First}/name") { Content = new FormUrlEncodedContent([new("name", "Mallory")]) };
        withCookie.Headers.Add("Cookie", $"facecluster_token={server.Token}");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(withCookie)).StatusCode);
        Assert.Null(library.Person(library.First).Name);

        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/people");
        withToken.Headers.Add("Cookie", $"facecluster_token={server.Token}");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withToken)).StatusCode);
    }

    [Fact]
    public async Task PathsOutsideTheLibrary_GetNothing()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        File.WriteAllText(_temp.File("secret.txt"), "top secret beside the library");
        using var server = ReviewServerProcess.Start(library.Database);
        var cookie = $"facecluster_token={server.Token}";

        foreach (var path in new[]
                 {
                     "/thumb/../../etc/passwd", "/thumb/%2e%2e/%2e%2e/etc/passwd", "/thumb/..%2f..%2fetc%2fpasswd", "/photo/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                     "//etc/passwd", "/thumb//etc/passwd", "/etc/passwd", "/photo/" + Uri.EscapeDataString(_temp.File("secret.txt")), "/assets/../../secret.txt",
                     "/thumb/" + Uri.EscapeDataString(_temp.File("secret.txt")), "/secret.txt", "/lib.db", "/assets/%2e%2e/lib.db",
                 })
        {
            var (status, body) = await RawHttp.GetAsync(server.Port, path, cookie);
            Assert.True(status is 400 or 403 or 404, $"{path}: {status}");
            Assert.DoesNotContain("root:", body);
            Assert.DoesNotContain("top secret", body);
            Assert.DoesNotContain("SQLite format", body);
        }

        // The guard is not just refusing everything: the same cookie reads a page.
        Assert.Equal(200, (await RawHttp.GetAsync(server.Port, "/people", cookie)).Status);
    }

    [Fact]
    public async Task APersonNamedWithMarkup_RendersAsTextAndRunsNothing()
    {
        const string hostile = "<img src=x onerror=alert(1)>";
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        var named = await CliRunner.RunAsync("name", library.First.ToString(), hostile, "--db", library.Database);
        Assert.True(named.ExitCode == ExitCodes.Success, named.Error);
        using var server = ReviewServerProcess.Start(library.Database);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync(server.StartAddress.ToString());
        Assert.True(await page.GetByText(hostile).First.IsVisibleAsync());
        await page.GotoAsync(new Uri(server.BaseAddress, $"/person/{library.First}").ToString());
        Assert.True(await page.Locator("h1", new() { HasText = hostile }).IsVisibleAsync());
        Assert.Equal(hostile, await page.Locator("input[name=name]").First.InputValueAsync());
        Assert.Equal(0, await page.Locator("img[src=x]").CountAsync());
        Assert.Empty(dialogs);
    }
}
