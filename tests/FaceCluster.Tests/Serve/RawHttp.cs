using System.Net.Sockets;
using System.Text;

namespace FaceCluster.Tests.Serve;

/// <summary>
/// Sends a request line exactly as written (HttpClient would normalise <c>..</c> and <c>%2e</c> away before sending,
/// hiding what a hostile client can send) and reads the status code and body.
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string Body)> GetAsync(int port, string rawPath, string? cookie)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var stream = client.GetStream();
        var request = $"GET {rawPath} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n" + (cookie is null ? "" : $"Cookie: {cookie}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }
}
