using System.Globalization;
using System.Text;
using MathNet.Numerics.Distributions;

namespace PromptForge.Cli.Experiments;

/// <summary>One run of an experiment grid and the figures it ended with.</summary>
internal sealed record ExperimentRun(string Condition, int Seed, string RunDirectory, string Status, IReadOnlyDictionary<string, double?> Figures);

/// <summary>Mean and two-sided 95% Student-t interval of a figure over the seeds of one condition.</summary>
internal sealed record ExperimentCell(double Mean, double? Low, double? High, int N, int Missing);

/// <summary>A conditions × figures table aggregated over seeds.</summary>
internal sealed class ExperimentTable
{
    private ExperimentTable(IReadOnlyList<string> conditions, IReadOnlyList<string> figures, IReadOnlyDictionary<(string, string), ExperimentCell> cells)
    {
        Conditions = conditions;
        Figures = figures;
        Cells = cells;
    }

    public IReadOnlyList<string> Conditions { get; }

    public IReadOnlyList<string> Figures { get; }

    public IReadOnlyDictionary<(string Condition, string Figure), ExperimentCell> Cells { get; }

    public static ExperimentTable Aggregate(IReadOnlyList<ExperimentRun> runs)
    {
        string[] conditions = runs.Select(r => r.Condition).Distinct(StringComparer.Ordinal).ToArray();
        string[] figures = runs.SelectMany(r => r.Figures.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var cells = new Dictionary<(string, string), ExperimentCell>();
        foreach (string condition in conditions)
        {
            ExperimentRun[] group = runs.Where(r => r.Condition == condition).ToArray();
            foreach (string figure in figures)
            {
                double[] values = group.Select(r => r.Figures.GetValueOrDefault(figure)).OfType<double>().ToArray();
                if (values.Length > 0)
                {
                    cells[(condition, figure)] = Cell(values, group.Length - values.Length);
                }
            }
        }

        return new ExperimentTable(conditions, figures, cells);
    }

    /// <summary>Mean with a t-interval; a single value has no interval (never a fake zero-width one).</summary>
    internal static ExperimentCell Cell(double[] values, int missing)
    {
        double mean = values.Average();
        if (values.Length < 2)
        {
            return new ExperimentCell(mean, null, null, values.Length, missing);
        }

        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        double half = StudentT.InvCDF(0, 1, values.Length - 1, 0.975) * sd / Math.Sqrt(values.Length);
        return new ExperimentCell(mean, mean - half, mean + half, values.Length, missing);
    }

    public string ToCsv()
    {
        var text = new StringBuilder("condition,figure,mean,ci95_low,ci95_high,n,missing\r\n");
        foreach (string condition in Conditions)
        {
            foreach (string figure in Figures)
            {
                if (Cells.TryGetValue((condition, figure), out ExperimentCell? cell))
                {
                    text.Append(CultureInfo.InvariantCulture, $"{condition},{figure},{cell.Mean:R},{cell.Low?.ToString("R", CultureInfo.InvariantCulture)},{cell.High?.ToString("R", CultureInfo.InvariantCulture)},{cell.N},{cell.Missing}\r\n");
                }
            }
        }

        return text.ToString();
    }

    public static string Format(ExperimentCell? cell) => cell is null
        ? "n/m"
        : cell.Low is { } low && cell.High is { } high
            ? string.Create(CultureInfo.InvariantCulture, $"{cell.Mean:0.###} [{low:0.###}, {high:0.###}]")
            : string.Create(CultureInfo.InvariantCulture, $"{cell.Mean:0.###} (n=1)");
}
