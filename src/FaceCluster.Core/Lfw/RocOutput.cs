using System.Globalization;
using System.Text;
using FaceCluster.Evaluation;

namespace FaceCluster.Lfw;

/// <summary>Writes the mean ROC of an LFW run as a PNG (ScottPlot) and the CSV it was drawn from.</summary>
public static class RocOutput
{
    public static string Write(VerificationReport report, string pngPath, string title)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(pngPath))!;
        Directory.CreateDirectory(directory);
        var csvPath = Path.ChangeExtension(pngPath, ".csv");
        var csv = new StringBuilder("threshold,fpr,tpr\n");
        for (var i = 0; i < report.Thresholds.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{report.Thresholds[i]:0.00},{report.Fpr[i]:R},{report.Tpr[i]:R}\n");
        }

        File.WriteAllText(csvPath, csv.ToString());

        var plot = new ScottPlot.Plot();
        var line = plot.Add.Scatter(report.Fpr.ToArray(), report.Tpr.ToArray());
        line.MarkerSize = 0;
        line.LineWidth = 2;
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Title(title);
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.SavePng(pngPath, 800, 700);
        return csvPath;
    }
}
