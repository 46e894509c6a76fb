// Benchmarks print numbers; they assert nothing. Run from the repository after ./setup.sh:
//   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- MODE [options]
using FaceCluster.Benchmarks;

return args.FirstOrDefault() switch
{
    "embed" => EmbedBenchmark.Run(args),
    "ingest" => await IngestBenchmark.RunAsync(args),
    "detect" => DetectBenchmark.Run(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: FaceCluster.Benchmarks embed|ingest [options]  (see each mode's file for its options)");
    return 2;
}
