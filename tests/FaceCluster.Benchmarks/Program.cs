namespace FaceCluster.Benchmarks;

/// <summary>
/// Entry point: the first argument picks a mode, each mode is one class in its own file that parses the rest.
/// Add a mode by adding a class and a case here.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "";
        var rest = args.Length > 0 ? args[1..] : [];
        try
        {
            return mode switch
            {
                "group" => GroupBenchmark.Run(BenchmarkArguments.Parse(rest)),
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
        return 2;
    }
}
