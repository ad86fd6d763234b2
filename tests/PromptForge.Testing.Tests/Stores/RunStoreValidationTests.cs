namespace PromptForge.Testing.Tests.Stores;

/// <summary>The public validation helper that custom stores (like <see cref="InMemoryRunStore"/>) use.</summary>
public sealed class RunStoreValidationTests
{
    [Theory]
    [InlineData("20261121-150552-2c33b5", true)]
    [InlineData("run_1.v2", true)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("a..b", false)]
    [InlineData("a/b", false)]
    [InlineData("ends.", false)]
    [InlineData("caf\u00e9", false)]
    [InlineData(null, false)]
    public void IsValidRunId_AgreesWithThrowIfInvalidRunId(string? runId, bool expected)
    {
        RunStoreValidation.IsValidRunId(runId).ShouldBe(expected);
        if (runId is not null)
        {
            var threw = Record.Exception(() => RunStoreValidation.ThrowIfInvalidRunId(runId));
            (threw is null).ShouldBe(expected);
        }
    }

    [Fact]
    public void ThrowIfInvalidRelativePath_NamesTheCallersParameterAndTheBadSegment()
    {
        string reportPath = "iter_001/../../etc";

        var ex = Should.Throw<ArgumentException>(() => RunStoreValidation.ThrowIfInvalidRelativePath(reportPath));

        ex.ParamName.ShouldBe(nameof(reportPath));
        ex.Message.ShouldContain("segment '..' contains '..'");
    }

    [Fact]
    public void ThrowIfInvalidRelativePath_TooLong_ReportsTheLimit()
    {
        string path = string.Join('/', Enumerable.Repeat(new string('a', 99), 5));

        var ex = Should.Throw<ArgumentException>(() => RunStoreValidation.ThrowIfInvalidRelativePath(path));

        ex.Message.ShouldContain("at most 400 are allowed");
        Should.NotThrow(() => RunStoreValidation.ThrowIfInvalidRelativePath("iter_001/critics/answer_format.json"));
    }
}
