namespace FaceCluster.Tests.Serve;

/// <summary>Plain HTTP to a review server: the token as the cookie a browser keeps, and forms that post it too.</summary>
internal static class ReviewHttp
{
    /// <summary>A client that shows redirects as they come (a correction answers with one) instead of following them.</summary>
    public static HttpClient Client(ReviewServerProcess server)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", $"facecluster_token={server.Token}");
        return client;
    }

    public static FormUrlEncodedContent Form(ReviewServerProcess server, params (string Name, string Value)[] fields) =>
        new([new("token", server.Token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
}
