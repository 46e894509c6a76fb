namespace FaceCluster.Configuration;

/// <summary>The review in a browser (<c>facecluster serve</c>); values are checked when set.</summary>
public sealed class ServeSettings
{
    private int _port = 8765;
    private int _pageSize = 48;
    private string _host = "127.0.0.1";

    /// <summary>The address listened on; loopback only unless the user asks for another.</summary>
    public string Host
    {
        get => _host;
        set => _host = !string.IsNullOrWhiteSpace(value) ? value : throw new ArgumentException("Serve:Host cannot be empty");
    }

    /// <summary>TCP port; 0 lets the system choose a free one (printed at start).</summary>
    public int Port
    {
        get => _port;
        set => _port = value is >= 0 and <= 65535 ? value : throw new ArgumentException($"Serve:Port must lie in 0..65535, not {value}");
    }

    /// <summary>People or faces per page.</summary>
    public int PageSize
    {
        get => _pageSize;
        set => _pageSize = value is >= 1 and <= 500 ? value : throw new ArgumentException($"Serve:PageSize must lie in 1..500, not {value}");
    }
}
