using System.Text.RegularExpressions;
using System.Xml.Linq;
using PromptForge.Cli.Reporting;

namespace PromptForge.Cli.Tests.Reporting;

public sealed class SvgLineChartTests
{
    [Fact]
    public void Render_MissingMeasurement_SplitsTheLineInsteadOfDrawingZero()
    {
        string svg = SvgLineChart.Render("m", [(1, 0.2), (2, 0.4), (3, null), (4, 0.5), (5, 0.9)], "#000");

        XElement root = XElement.Parse(svg);
        root.Elements().Count(e => e.Name.LocalName == "polyline").ShouldBe(2);
        root.Elements().Count(e => e.Name.LocalName == "circle").ShouldBe(4);
        svg.ShouldContain("iteration 3: not measured");
    }

    [Fact]
    public void Render_RateMetric_UsesZeroToOneScale()
    {
        string svg = SvgLineChart.Render("m", [(1, 0.5), (2, 0.6)], "#000");

        Regex.Matches(svg, "text-anchor=\"end\">(0|1)</text>").Count.ShouldBe(2);
    }

    [Fact]
    public void Render_NothingMeasured_SaysNotMeasured()
    {
        SvgLineChart.Render("m", [(1, null)], "#000").ShouldContain("not measured");
    }
}
