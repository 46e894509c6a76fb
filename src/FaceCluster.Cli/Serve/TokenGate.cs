using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// Refuses (403) every request without the token. A page opened with <c>?token=</c> gets it as an HttpOnly,
/// SameSite=Strict cookie and is redirected to the same address without it (so it stays out of history and
/// referrers). A POST must also carry it in a form field or header: a foreign web page can make the browser send the
/// cookie's site a form, but cannot know the token to put in it.
/// </summary>
public sealed class TokenGate(string token)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.Query.ContainsKey(AccessToken.QueryName))
        {
            if (!AccessToken.Matches(request.Query[AccessToken.QueryName], token))
            {
                await RefuseAsync(context);
                return;
            }

            context.Response.Cookies.Append(AccessToken.CookieName, token,
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            var rest = new QueryBuilder(request.Query.Where(q => q.Key != AccessToken.QueryName));
            // "//host" would be another site to the browser: only a plain local path is redirected to.
            var path = request.Path.Value is { } value && !value.StartsWith("//", StringComparison.Ordinal) ? value : "/";
            context.Response.Redirect(path + rest.ToQueryString());
            return;
        }

        var allowed = AccessToken.Matches(request.Cookies[AccessToken.CookieName], token);
        if (HttpMethods.IsPost(request.Method))
        {
            var given = request.Headers[AccessToken.Header].FirstOrDefault()
                        ?? (request.HasFormContentType ? (await request.ReadFormAsync(context.RequestAborted))[AccessToken.FormField].FirstOrDefault() : null);
            allowed = AccessToken.Matches(given, token);
        }
        else if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            allowed = false;
        }

        if (!allowed)
        {
            await RefuseAsync(context);
            return;
        }

        await next(context);
    }

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("403 forbidden: open the address with the token that 'facecluster serve' printed\n");
    }
}
