using System.CommandLine;
using FaceCluster.Cli.Serve;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster serve [--db FILE] [--port N] [--host ADDRESS]</c>: review and name people in a browser.</summary>
public sealed class ServeCommand : Command
{
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<string?> _profile = CommonOptions.Profile();
    private readonly Option<int?> _port = new("--port") { Description = "TCP port (default: Serve:Port; 0 picks a free one)." };
    private readonly Option<string?> _host = new("--host") { Description = "Address to listen on (default: Serve:Host, 127.0.0.1). Another address lets other machines in." };

    public ServeCommand(Func<ParseResult, CliContext> context)
        : base("serve", "Review, name and correct people in a browser (local web app; the printed address carries the access token).")
    {
        _port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0 or > 65535)
            {
                result.AddError("--port must lie in 0..65535");
            }
        });
        Options.Add(_db);
        Options.Add(_profile);
        Options.Add(_port);
        Options.Add(_host);
        SetAction(async (parse, ct) =>
        {
            var cli = context(parse);
            LibraryLocation location;
            string profile;
            // Opened once up front, so a missing or foreign --db is refused before anything listens.
            using (var library = cli.OpenLibrary(parse.GetValue(_db), parse.GetValue(_profile), LibraryAccess.Read))
            {
                (location, profile) = (library.Location, library.ProfileName);
            }

            var serve = cli.Settings.Serve;
            var options = new ServeOptions(location, profile, parse.GetValue(_host) ?? serve.Host, parse.GetValue(_port) ?? serve.Port, serve.PageSize,
                AccessToken.New(), cli.Settings.Grouping);
            await using var app = ReviewServer.Build(options);
            await app.StartAsync(ct);
            cli.WriteLine($"review {location.Display} at {ReviewServer.Address(app, options)}");
            cli.Output.WriteLine("the address carries the access token: share it with nobody; Ctrl+C stops");
            cli.Output.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
    }
}
