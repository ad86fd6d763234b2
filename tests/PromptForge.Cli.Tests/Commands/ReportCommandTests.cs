using System.Text.RegularExpressions;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

public sealed class ReportCommandTests
{
    [Fact]
    public async Task Report_Run_WritesOneSelfContainedHtmlFile()
    {
        using var run = new RunFolderFixture(simulated: true);
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("report", run.RunDirectory);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string html = File.ReadAllText(Path.Combine(run.RunDirectory, "report.html"));
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<link", Case.Insensitive);
        Regex.IsMatch(html, "(src|href)=\"(https?:)?//").ShouldBeFalse("the report must not load anything from the network");
        Regex.IsMatch(html, @"<(script|link|img|iframe|object|embed|source)\b[^>]*\b(src|href|data)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase)
            .ShouldBeFalse("no external script, stylesheet or image");
        Regex.IsMatch(html, @"(url\(|@import)\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase).ShouldBeFalse("no external CSS resource");
        // The objectives first (fidelity and realism are measured here; diversity and coverage are not), then one chart per metric.
        Regex.Matches(html, "<svg class=\"chart\"").Count.ShouldBe(2 + 3);
        html.IndexOf("<h3>Fidelity</h3>", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("<h2>Metrics across iterations</h2>", StringComparison.Ordinal));
        html.ShouldContain("<h3>Realism</h3>");
        html.ShouldNotContain("<h3>Coverage</h3>");
        html.ShouldContain("class=\"marker rolled-back\"");   // iteration 3's gate rejected its prompt
        html.ShouldContain("Simulated run");
        html.ShouldContain("class=\"add\">Vary the tone.");
        html.ShouldContain("class=\"del\">Keep it short.");
        html.ShouldContain("&lt;b&gt;app crashes&lt;/b&gt;");          // sample text is HTML-encoded
        html.ShouldContain("style is formal");
        html.ShouldContain("synsmith.attribute_verifier");
        cli.Out.ToString().ShouldContain("SIMULATED");
    }

    [Fact]
    public async Task Report_WithPriceTable_ShowsCostPerRoleUsingRoleModels()
    {
        using var run = new RunFolderFixture(simulated: false);
        string prices = Path.Combine(run.Root, "prices.yaml");
        File.WriteAllText(prices, "currency: USD\nmodels:\n  gpt-4o-mini: { input: 0.15, output: 0.60 }\n  gpt-4o: { input: 2.50, output: 10.00 }\n");
        string output = Path.Combine(run.Root, "out", "r.html");
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("report", run.RunDirectory, "--prices", prices, "--out", output);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string html = File.ReadAllText(output);
        // generator on gpt-4o-mini: 80k in, 20k out, nothing cached = 0.012 + 0.012 = 0.024 USD.
        html.ShouldContain("0.02 USD");
        html.ShouldNotContain("Simulated run");
    }

    [Fact]
    public async Task Report_BadPriceTable_ExitCode2NamesFileLineAndFieldAndWritesNothing()
    {
        using var run = new RunFolderFixture();
        string prices = Path.Combine(run.Root, "prices.yaml");
        File.WriteAllText(prices, "models:\n  gpt-4o-mini:\n    input: 0.15\n    outptu: 0.60\n");
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("report", run.RunDirectory, "--prices", prices);

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("prices.yaml:4:");
        cli.Error.ToString().ShouldContain("models.gpt-4o-mini.outptu");
        File.Exists(Path.Combine(run.RunDirectory, "report.html")).ShouldBeFalse();
    }
}
