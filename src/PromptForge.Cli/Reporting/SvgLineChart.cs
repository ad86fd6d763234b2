using System.Globalization;
using System.Net;
using System.Text;

namespace PromptForge.Cli.Reporting;

/// <summary>Renders one metric across iterations as an inline SVG line chart (no scripts, no external resources).
/// Iterations where the metric was not measured are gaps, never zeros.</summary>
internal static class SvgLineChart
{
    private const int Width = 300;
    private const int Height = 150;
    private const int Left = 36;
    private const int Right = 14;
    private const int Top = 14;
    private const int Bottom = 30;

    public static string Render(string title, IReadOnlyList<(int Iteration, double? Value)> points, string color) =>
        Render(title, points, color, target: null, decisions: []);

    /// <summary>Renders the chart with the metric's <paramref name="target"/> as a dashed line and one marker per gate
    /// decision under the iteration that measured it: ▲ accepted, ▼ rolled back.</summary>
    public static string Render(
        string title, IReadOnlyList<(int Iteration, double? Value)> points, string color, double? target, IReadOnlyList<(int Iteration, bool Accepted)> decisions)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\">");
        double[] measured = points.Where(p => p.Value.HasValue).Select(p => p.Value!.Value).ToArray();
        if (measured.Length == 0 || points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"muted\">not measured</text></svg>");
            return svg.ToString();
        }

        (double min, double max, double tick) = target is { } t ? NiceScale(Math.Min(measured.Min(), t), Math.Max(measured.Max(), t)) : NiceScale(measured.Min(), measured.Max());
        int firstIteration = points.Min(p => p.Iteration);
        int lastIteration = points.Max(p => p.Iteration);
        double X(int iteration) => lastIteration == firstIteration
            ? Left + (Width - Left - Right) / 2.0
            : Left + (iteration - firstIteration) * (double)(Width - Left - Right) / (lastIteration - firstIteration);
        double Y(double value) => Top + (max - value) * (Height - Top - Bottom) / (max - min);

        // Grid and y labels at round values.
        int ticks = (int)Math.Round((max - min) / tick);
        for (int g = 0; g <= ticks; g++)
        {
            double value = min + tick * g;
            double y = Y(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{y + 3.5:0.#}\" text-anchor=\"end\">{FormatTick(value)}</text>");
        }

        int step = Math.Max(1, (int)Math.Ceiling((lastIteration - firstIteration + 1) / 8.0));
        for (int iteration = firstIteration; iteration <= lastIteration; iteration += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{X(iteration):0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{iteration}</text>");
        }

        if (target is { } goal)
        {
            double y = Y(goal);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"target\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"><title>target {FormatTick(goal)}</title></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"target-label\" x=\"{Width - Right}\" y=\"{y - 3:0.#}\" text-anchor=\"end\">target {FormatTick(goal)}</text>");
        }

        // Gate decisions sit on the x axis, so they never hide a measured point.
        foreach ((int iteration, bool accepted) in decisions)
        {
            if (iteration < firstIteration || iteration > lastIteration)
            {
                continue;
            }

            double x = X(iteration), y = Height - Bottom;
            string shape = accepted
                ? string.Create(CultureInfo.InvariantCulture, $"M{x - 5:0.#},{y:0.#} L{x + 5:0.#},{y:0.#} L{x:0.#},{y - 8:0.#} Z")
                : string.Create(CultureInfo.InvariantCulture, $"M{x - 5:0.#},{y - 8:0.#} L{x + 5:0.#},{y - 8:0.#} L{x:0.#},{y:0.#} Z");
            svg.Append("<path class=\"marker ").Append(accepted ? "accepted" : "rolled-back").Append("\" d=\"").Append(shape).Append("\"><title>")
                .Append(CultureInfo.InvariantCulture, $"iteration {iteration}: prompt {(accepted ? "accepted" : "rolled back")}</title></path>");
        }

        // One polyline per run of consecutive measured points, so a missing measurement is a visible gap.
        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2.2\" stroke-linejoin=\"round\" points=\"{string.Join(' ', segment)}\"/>");
            }

            segment.Clear();
        }

        foreach ((int iteration, double? value) in points.OrderBy(p => p.Iteration))
        {
            if (value is { } v)
            {
                segment.Add(string.Create(CultureInfo.InvariantCulture, $"{X(iteration):0.#},{Y(v):0.#}"));
            }
            else
            {
                Flush();
            }
        }

        Flush();
        foreach ((int iteration, double? value) in points)
        {
            if (value is { } v)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(iteration):0.#}\" cy=\"{Y(v):0.#}\" r=\"3.2\" fill=\"{color}\"><title>iteration {iteration}: {v.ToString("0.####", CultureInfo.InvariantCulture)}</title></circle>");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"gap\" x=\"{X(iteration):0.#}\" y=\"{Height - Bottom - 4}\" text-anchor=\"middle\">×<title>iteration {iteration}: not measured</title></text>");
            }
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A y range and tick step at round numbers (1, 2, 2.5, 5 × 10^k), about four intervals.</summary>
    internal static (double Min, double Max, double Tick) NiceScale(double min, double max)
    {
        // Rates in [0, 1] keep the full scale so small wiggles do not look like big swings.
        if (min >= 0 && max <= 1)
        {
            return (0, 1, 0.25);
        }

        if (max - min < 1e-9)
        {
            double pad = Math.Abs(max) < 1e-9 ? 1 : Math.Abs(max) * 0.1;
            (min, max) = (min - pad, max + pad);
        }

        double rough = (max - min) / 4;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double tick = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(step => step >= rough);
        double low = Math.Floor(min / tick) * tick;
        double high = Math.Ceiling(max / tick) * tick;
        return (low, high, tick);
    }

    private static string FormatTick(double value) =>
        Math.Abs(value) >= 1000 ? value.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.#", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);
}
