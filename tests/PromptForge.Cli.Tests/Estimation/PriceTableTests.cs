using PromptForge.Cli.Estimation;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Tests.Estimation;

public sealed class PriceTableTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pf-prices-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Load_JsonTable_PricesPerMillionTokens()
    {
        File.WriteAllText(_file, """{ "currency": "EUR", "models": { "m": { "input": 2.0, "output": 8.0 } } }""");

        PriceTable table = PriceTable.Load(_file);

        table.Currency.ShouldBe("EUR");
        table.Cost("m", 500_000, 250_000).ShouldBe(1.0m + 2.0m);
        table.Cost("M", 1_000_000, 0).ShouldBe(2.0m);   // model names are case-insensitive
        table.Cost("unknown", 1, 1).ShouldBeNull();
    }

    [Fact]
    public void Load_MissingOutputPrice_NamesTheModel()
    {
        File.WriteAllText(_file, "models:\n  m: { input: 1 }\n");

        var ex = Should.Throw<CliInputException>(() => PriceTable.Load(_file));

        ex.Field.ShouldBe("models.m");
        ex.Line.ShouldBe(2);
    }

    [Fact]
    public void Load_NegativePrice_Rejected()
    {
        File.WriteAllText(_file, "models:\n  m: { input: -1, output: 1 }\n");

        Should.Throw<CliInputException>(() => PriceTable.Load(_file)).Field.ShouldBe("models.m.input");
    }
}
