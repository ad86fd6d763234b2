using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Tests.Hosting;

public sealed class InputLimitsTests
{
    [Fact]
    public void Parse_NoValues_GivesTheDocumentedDefaults()
    {
        InputLimits limits = InputLimits.Parse(null);

        limits.ConfigBytes.ShouldBe(1L << 20);
        limits.SchemaBytes.ShouldBe(1L << 20);
        limits.ExamplesBytes.ShouldBe(64L << 20);
        limits.ExampleLineBytes.ShouldBe(64 << 10);
        limits.TaskBytes.ShouldBe(32L << 20);
        limits.PromptChars.ShouldBe(65_536);
        limits.Problems.ShouldBe(20);
    }

    [Fact]
    public void Parse_SizesWithSuffixes_OverrideOnlyTheNamedLimits()
    {
        InputLimits limits = InputLimits.Parse(["config-bytes=4M", "problems=5", "task-bytes=512K", "prompt-chars=1G"]);

        limits.ConfigBytes.ShouldBe(4L << 20);
        limits.Problems.ShouldBe(5);
        limits.TaskBytes.ShouldBe(512L << 10);
        limits.PromptChars.ShouldBe(1 << 30);
        limits.SchemaBytes.ShouldBe(1L << 20);
        limits.ToSynSmith().MaxListedProblems.ShouldBe(5);
    }

    [Theory]
    [InlineData("nonsense=1", "unknown limit 'nonsense'")]
    [InlineData("config-bytes", "is not name=size")]
    [InlineData("config-bytes=0", "is not name=size")]
    [InlineData("config-bytes=-5", "is not name=size")]
    [InlineData("config-bytes=99999999999G", "is not name=size")]
    public void Parse_BadValue_IsAnInputErrorNamingTheOption(string value, string message)
    {
        CliInputException error = Should.Throw<CliInputException>(() => InputLimits.Parse([value]));

        error.Field.ShouldBe("--limit");
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void Explain_LibraryLimitName_BecomesTheOptionThatRaisesIt()
    {
        InputLimits.Explain("the file is 2 MiB; the limit is 1 MiB (MaxConfigBytes)").ShouldBe("the file is 2 MiB; the limit is 1 MiB (raise it with --limit config-bytes=N)");
    }
}
