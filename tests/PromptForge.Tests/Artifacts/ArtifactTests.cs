using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptForge.Tests.Artifacts;

public sealed class ArtifactTests
{
    internal static readonly ArtifactKey<TallyResult> TallyKey = new("test.tally", ArtifactTestJsonContext.Default.TallyResult);

    [Fact]
    public void TryGetValue_SameKey_ReturnsThePublishedObjectItself()
    {
        var tally = new TallyResult { Count = 3, Names = ["a", "b"] };
        var artifact = Artifact.Create(TallyKey, tally);

        artifact.TryGetValue(TallyKey, out var read).ShouldBeTrue();

        read.ShouldBeSameAs(tally);
        artifact.Name.ShouldBe("test.tally");
    }

    [Fact]
    public void TryGetValue_KeyWithAnotherName_ReturnsFalse()
    {
        var artifact = Artifact.Create(TallyKey, new TallyResult { Count = 1 });
        var other = new ArtifactKey<TallyResult>("test.other", ArtifactTestJsonContext.Default.TallyResult);

        artifact.TryGetValue(other, out var read).ShouldBeFalse();
        read.ShouldBeNull();
    }

    [Fact]
    public void TryGetValue_SameNameAnotherType_ThrowsNamingTheArtifact()
    {
        var artifact = Artifact.Create(TallyKey, new TallyResult { Count = 1 });
        var clash = new ArtifactKey<string>("test.tally", ArtifactTestJsonContext.Default.String);

        var ex = Should.Throw<InvalidOperationException>(() => artifact.TryGetValue(clash, out _));

        ex.Message.ShouldContain("test.tally");
    }

    [Fact]
    public void Create_NullValue_Throws()
    {
        Should.Throw<ArgumentNullException>(() => Artifact.Create(TallyKey, null!));
        Should.Throw<ArgumentException>(() => new ArtifactKey<TallyResult>(" ", ArtifactTestJsonContext.Default.TallyResult));
    }

    [Fact]
    public void Critique_SavedAndReadBack_RestoresTheTypedResultAndKeepsDetailsAsTheResultJson()
    {
        var critique = new Critique { CriticName = "tally", Result = Artifact.Create(TallyKey, new TallyResult { Count = 7, Names = ["x"] }) };

        string json = JsonSerializer.Serialize(critique, PromptForgeJsonContext.Default.Critique);
        var restored = JsonSerializer.Deserialize(json, PromptForgeJsonContext.Default.Critique)!;

        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("result_key").GetString().ShouldBe("test.tally");
        document.RootElement.GetProperty("details").GetProperty("count").GetInt32().ShouldBe(7);
        restored.TryGetResult(TallyKey, out var tally).ShouldBeTrue();
        tally.Count.ShouldBe(7);
        tally.Names.ShouldBe(["x"]);
        restored.ResultKey.ShouldBe("test.tally");
    }

    [Fact]
    public void Critique_FreeFormDetails_HasNoTypedResult()
    {
        var critique = new Critique { CriticName = "free", Details = JsonSerializer.SerializeToElement(new TallyResult { Count = 1 }, ArtifactTestJsonContext.Default.TallyResult) };

        var restored = JsonSerializer.Deserialize(JsonSerializer.Serialize(critique, PromptForgeJsonContext.Default.Critique), PromptForgeJsonContext.Default.Critique)!;

        restored.Result.ShouldBeNull();
        restored.TryGetResult(TallyKey, out _).ShouldBeFalse();
        restored.Details!.Value.GetProperty("count").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void ResultsOf_MixedCritiques_YieldsOnlyResultsUnderTheKeyInOrder()
    {
        Critique[] critiques =
        [
            new() { CriticName = "a", Result = Artifact.Create(TallyKey, new TallyResult { Count = 1 }) },
            new() { CriticName = "b" },
            new() { CriticName = "c", Result = Artifact.Create(TallyKey, new TallyResult { Count = 2 }) },
        ];

        critiques.ResultsOf(TallyKey).Select(t => t.Count).ShouldBe([1, 2]);
        critiques.FindByResult(TallyKey)!.CriticName.ShouldBe("a");
        critiques.Skip(1).Take(1).FindByResult(TallyKey).ShouldBeNull();
    }
}

internal sealed class TallyResult
{
    public int Count { get; set; }

    public List<string> Names { get; set; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TallyResult))]
[JsonSerializable(typeof(string))]
internal sealed partial class ArtifactTestJsonContext : JsonSerializerContext;
