namespace FaceCluster.Benchmarks;

/// <summary>
/// Benchmarks print numbers; they assert nothing. Run from the repository after ./setup.sh:
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- MODE [options]
/// The first argument picks a mode; each mode is one class in its own file that parses the rest.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "";
        var rest = args.Length > 0 ? args[1..] : [];
        try
        {
            return mode switch
            {
                "group" => GroupBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "embed" => EmbedBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "ingest" => await IngestBenchmark.RunAsync(BenchmarkArguments.Parse(rest)),
                "detect" => DetectBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "embed-stage" => await EmbedStageBenchmark.RunAsync(BenchmarkArguments.Parse(rest)),
                "lfw-group" => LfwGroupBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "index-recall" => IndexRecallBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "turned" => TurnedBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "decode" => DecodeBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "steps" => StepsBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "calibrate-int8" => CalibrateInt8Benchmark.Run(BenchmarkArguments.Parse(rest)),
                "int8-agreement" => Int8AgreementBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "review" => ReviewBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "store-write" => StoreWriteBenchmark.Run(BenchmarkArguments.Parse(rest)),
                "large-jpegs" => IngestBenchmark.WriteLargeJpegs(BenchmarkArguments.Parse(rest)),
                "workers" => await WorkersBenchmark.RunAsync(BenchmarkArguments.Parse(rest)),
                "shards" => ShardsBenchmark.Run(BenchmarkArguments.Parse(rest)),
                _ => Usage(),
            };
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: FaceCluster.Benchmarks <mode> [--option value ...]");
        Console.Error.WriteLine("modes:");
        Console.Error.WriteLine("  group   synthetic clustered embeddings -> HNSW index -> FaceGrouper; " + GroupBenchmark.OptionsHelp);
        Console.Error.WriteLine("  embed   bare embedder faces/s at batch 1, 8, 32 and 1, 2 threads [--seconds 3]");
        Console.Error.WriteLine("  ingest  ingest throughput on LFW and generated 12 MP JPEGs [--lfw 2000|all|0] [--large 24|0] [--reduced 1000]");
        Console.Error.WriteLine("  detect  detector ms/image and LFW face-found rate per threshold [--images 2000] [--threads 0]");
        Console.Error.WriteLine("  embed-stage  the pipeline's embed stage vs the bare session(s) on pre-made tensors [--faces 2000] [--threads 1] [--profile faceapi]");
        Console.Error.WriteLine("  lfw-group  grouping quality on a stored LFW library (lfw --cluster's) without ingesting again; " + LfwGroupBenchmark.OptionsHelp);
        Console.Error.WriteLine("  index-recall  HNSW recall@k vs brute force on a library's stored embeddings --db FILE [--profile faceapi] [--k 10]");
        Console.Error.WriteLine("  decode  decode time of one photo per format (JPEG, PNG, WebP, HEIC, AVIF) [--width 4000] [--height 3000] [--repeat 5] [--reduced 0,1000,2000]");
        Console.Error.WriteLine("  steps   ms per photo (wall/CPU) of decode, detect, full-size regions, align, embed, one photo at a time [--large 12] [--lfw 100]");
        Console.Error.WriteLine("  large-jpegs  write the ingest benchmark's 12 MP JPEGs for timing other programs on them --out DIR [--count 12]");
        Console.Error.WriteLine("  turned  LFW photos turned without an orientation tag: face-found rate with and without the rotation retry [--images 500] [--turns 1]");
        Console.Error.WriteLine("  review  time to the first page of people, a person's faces and the review queue on a synthetic library; " + ReviewBenchmark.OptionsHelp);
        Console.Error.WriteLine("  shards  group --neighbours i/N on a synthetic library: streamed vs object reads, time per stage, stored lists, final group vs unsharded; " + ShardsBenchmark.OptionsHelp);
        Console.Error.WriteLine("  store-write  time to write a grouping into a synthetic SQLite library: nightly (new faces only) vs every face moved; " + StoreWriteBenchmark.OptionsHelp);
        Console.Error.WriteLine("  workers  ingest photos/s into SQLite and into PostgreSQL with 1 and 2 workers " + WorkersBenchmark.OptionsHelp);
        return 2;
    }
}
