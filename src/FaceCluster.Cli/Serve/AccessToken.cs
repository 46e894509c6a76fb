using System.Security.Cryptography;
using System.Text;

namespace FaceCluster.Cli.Serve;

/// <summary>The secret every request must carry: 32 random bytes, URL-safe, compared in constant time.</summary>
public static class AccessToken
{
    public const string QueryName = "token";
    public const string CookieName = "facecluster_token";
    public const string FormField = "token";
    public const string Header = "X-FaceCluster-Token";

    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool Matches(string? given, string token) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token));
}
