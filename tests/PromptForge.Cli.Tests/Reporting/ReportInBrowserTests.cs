using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Reporting;

/// <summary>
/// Opens the CLI's report.html in headless Chromium (Debian's chromium-headless-shell, driven by Playwright) and checks
/// what a reader sees: no console errors, no network request, every chart drawn, and the page's look against a stored
/// screenshot. The browser must be installed (.ci/run installs it); a missing browser fails the test, it never skips.
/// </summary>
public sealed class ReportInBrowserTests : IDisposable
{
    /// <summary>Where Debian's chromium-headless-shell package puts the browser; PROMPTFORGE_CHROMIUM overrides it.</summary>
    private static readonly string[] BrowserCandidates = ["/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell"];

    private static readonly string[] LaunchArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private const int ViewportWidth = 1280;
    private const int ViewportHeight = 1600;

    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "synsmith", "customer_support");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-browser-").FullName;

    public ReportInBrowserTests()
    {
        foreach (string file in Directory.GetFiles(DataDirectory))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Report_SimulatorRunInChromium_RendersEveryChartWithoutErrorsOrNetworkAndMatchesTheBaseline()
    {
        (string reportPath, JsonArray metricHistory) = await WriteReportOfASmallSimulatorRunAsync();
        Dictionary<string, int> measuredPointsByMetric = MeasuredPointsByMetric(metricHistory);
        measuredPointsByMetric.Count.ShouldBeGreaterThan(5, "the run should have measured several metrics");

        string reportUrl = new Uri(reportPath).AbsoluteUri;
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = FindBrowser(),
            Headless = true,
            Args = LaunchArgs,
        });
        await using IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = ViewportWidth, Height = ViewportHeight },
            DeviceScaleFactor = 1,
            Locale = "en-US",
            TimezoneId = "UTC",
            ColorScheme = ColorScheme.Light,
            ReducedMotion = ReducedMotion.Reduce,
        });
        IPage page = await context.NewPageAsync();

        var consoleErrors = new List<string>();
        var otherRequests = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (consoleErrors)
                {
                    consoleErrors.Add($"{message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (consoleErrors)
            {
                consoleErrors.Add("page error: " + error);
            }
        };
        // Every request is routed: the report file itself is served, anything else is recorded and aborted.
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url == reportUrl)
            {
                await route.ContinueAsync();
                return;
            }

            lock (otherRequests)
            {
                otherRequests.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });
        // data: URLs and anything else the router does not see still show up as requests.
        page.Request += (_, request) =>
        {
            if (request.Url != reportUrl)
            {
                lock (otherRequests)
                {
                    otherRequests.Add(request.Url);
                }
            }
        };

        IResponse? response = await page.GotoAsync(reportUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        response.ShouldNotBeNull();
        response.Ok.ShouldBeTrue();
        (await page.TitleAsync()).ShouldStartWith("PromptForge run ");

        // The page leads with the four objectives: one chart each, with its target line and one gate marker (accepted or
        // rolled back) per decision the run recorded; every other chart carries the same markers.
        int gateDecisions = metricHistory.Count(it => it!["gate_decision"] is not null);
        gateDecisions.ShouldBeGreaterThan(0, "the run should have recorded gate decisions");
        IReadOnlyList<IElementHandle> headline = await page.QuerySelectorAllAsync("section.headline svg.chart");
        headline.Count.ShouldBe(4);
        foreach (IElementHandle chart in headline)
        {
            string name = (await chart.GetAttributeAsync("aria-label")).ShouldNotBeNull();
            (await chart.QuerySelectorAllAsync("line.target")).Count.ShouldBe(1, $"headline chart {name} has no target line");
            await ShouldDrawGateMarkersAsync(chart, name, gateDecisions);
        }

        (await page.QuerySelectorAsync("section.headline")).ShouldNotBeNull();
        ElementHandleBoundingBoxResult headlineBox = (await (await page.QuerySelectorAsync("section.headline"))!.BoundingBoxAsync()).ShouldNotBeNull();
        headlineBox.Y.ShouldBeLessThan(ViewportHeight / 2, "the objectives should be at the top of the page");

        // Every metric measured at least once has one drawn chart with one marker per measured iteration.
        IReadOnlyList<IElementHandle> charts = await page.QuerySelectorAllAsync(".charts svg.chart");
        charts.Count.ShouldBe(measuredPointsByMetric.Count);
        var drawn = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (IElementHandle chart in charts)
        {
            string name = (await chart.GetAttributeAsync("aria-label")).ShouldNotBeNull();
            ElementHandleBoundingBoxResult box = (await chart.BoundingBoxAsync()).ShouldNotBeNull($"chart {name} has no layout box");
            box.Width.ShouldBeGreaterThan(200, $"chart {name}");
            box.Height.ShouldBeGreaterThan(80, $"chart {name}");
            IReadOnlyList<IElementHandle> markers = await chart.QuerySelectorAllAsync("circle");
            foreach (IElementHandle marker in markers)
            {
                ElementHandleBoundingBoxResult markerBox = (await marker.BoundingBoxAsync()).ShouldNotBeNull($"a marker of chart {name} is not rendered");
                markerBox.Width.ShouldBeGreaterThan(0);
            }

            if (measuredPointsByMetric.GetValueOrDefault(name) > 1)
            {
                // Consecutive measured iterations are joined by a line with real coordinates.
                IReadOnlyList<IElementHandle> lines = await chart.QuerySelectorAllAsync("polyline");
                lines.Count.ShouldBeGreaterThan(0, $"chart {name} draws no line");
                foreach (IElementHandle line in lines)
                {
                    (await line.GetAttributeAsync("points")).ShouldNotBeNullOrWhiteSpace();
                    double length = await line.EvaluateAsync<double>("l => l.getTotalLength()");
                    length.ShouldBeGreaterThan(0, $"chart {name} has an empty line");
                }
            }

            drawn[name] = markers.Count;
            await ShouldDrawGateMarkersAsync(chart, name, gateDecisions);
        }

        drawn.ShouldBe(measuredPointsByMetric, ignoreOrder: true);

        byte[] screenshot = await page.ScreenshotAsync(new PageScreenshotOptions
        {
            FullPage = false,
            Animations = ScreenshotAnimations.Disabled,
            Caret = ScreenshotCaret.Hide,
            Type = ScreenshotType.Png,
        });

        consoleErrors.ShouldBeEmpty();
        otherRequests.ShouldBeEmpty();
        CompareWithBaseline(screenshot, "report.png");
    }

    private static async Task ShouldDrawGateMarkersAsync(IElementHandle chart, string name, int expected)
    {
        IReadOnlyList<IElementHandle> markers = await chart.QuerySelectorAllAsync("path.marker");
        markers.Count.ShouldBe(expected, $"chart {name} should draw one gate marker per decision");
        foreach (IElementHandle marker in markers)
        {
            ElementHandleBoundingBoxResult box = (await marker.BoundingBoxAsync()).ShouldNotBeNull($"a gate marker of chart {name} is not rendered");
            box.Width.ShouldBeGreaterThan(0);
        }
    }

    /// <summary>Runs a small, fixed-seed synthesize on the simulator (the harness's clock is fixed, the run id is
    /// given) and writes its report, so the page is the same on every run.</summary>
    private async Task<(string ReportPath, JsonArray MetricHistory)> WriteReportOfASmallSimulatorRunAsync()
    {
        var cli = new CliHarness(_root);
        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "3", "--samples-per-iteration", "6", "--seed", "4", "--out", "runs", "--run-id", "browser-test");
        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string run = Path.Combine(_root, "runs", "browser-test");
        string report = Path.Combine(_root, "report.html");
        (await cli.RunAsync("report", run, "--out", report)).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        JsonArray history = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!["metric_history"]!.AsArray();
        return (report, history);
    }

    /// <summary>For each metric measured in at least one iteration, the number of iterations that measured it, read
    /// from the run's manifest (not from the report).</summary>
    private static Dictionary<string, int> MeasuredPointsByMetric(JsonArray metricHistory)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (JsonNode? iteration in metricHistory)
        {
            foreach ((string name, JsonNode? metric) in iteration!["metrics"]!.AsObject())
            {
                if (metric?["value"] is JsonValue value && value.TryGetValue(out double _))
                {
                    counts[name] = counts.GetValueOrDefault(name) + 1;
                }
            }
        }

        return counts;
    }

    private static string FindBrowser()
    {
        if (Environment.GetEnvironmentVariable("PROMPTFORGE_CHROMIUM") is { Length: > 0 } configured)
        {
            File.Exists(configured).ShouldBeTrue($"PROMPTFORGE_CHROMIUM names {configured}, which does not exist.");
            return configured;
        }

        return BrowserCandidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"Headless Chromium was not found at {string.Join(" or ", BrowserCandidates)}. Install Debian's package: "
                + "apt-get install -y chromium-headless-shell (.ci/run does this), or set PROMPTFORGE_CHROMIUM to the browser's path.");
    }

    /// <summary>
    /// Compares a screenshot with the stored baseline within <see cref="PixelDiff"/>'s documented tolerance. With
    /// PROMPTFORGE_UPDATE_BASELINES=1 the screenshot replaces the baseline in the source tree instead (review the PNG
    /// before committing it). On a mismatch the screenshot is kept next to the test output for inspection.
    /// </summary>
    private static void CompareWithBaseline(byte[] screenshot, string name, [CallerFilePath] string testFile = "")
    {
        string sourceBaseline = Path.Combine(Path.GetDirectoryName(testFile)!, "Baselines", name);
        if (Environment.GetEnvironmentVariable("PROMPTFORGE_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sourceBaseline)!);
            File.WriteAllBytes(sourceBaseline, screenshot);
            return;
        }

        string baseline = Path.Combine(AppContext.BaseDirectory, "Reporting", "Baselines", name);
        File.Exists(baseline).ShouldBeTrue($"No baseline {baseline}; create it with PROMPTFORGE_UPDATE_BASELINES=1.");
        PngImage expected = PngImage.Decode(File.ReadAllBytes(baseline));
        PngImage actual = PngImage.Decode(screenshot);
        double different = PixelDiff.DifferentFraction(expected, actual);
        if (different > PixelDiff.MaxDifferentFraction)
        {
            string kept = Path.Combine(AppContext.BaseDirectory, "Reporting", "actual-" + name);
            File.WriteAllBytes(kept, screenshot);
            different.ShouldBeLessThanOrEqualTo(PixelDiff.MaxDifferentFraction,
                $"the screenshot ({actual.Width}x{actual.Height}) differs from {baseline} ({expected.Width}x{expected.Height}) in {different:P2} of pixels; kept as {kept}");
        }
    }
}
