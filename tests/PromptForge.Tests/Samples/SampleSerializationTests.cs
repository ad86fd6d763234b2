using System.Text.Json;

namespace PromptForge.Tests.Samples;

public sealed class SampleSerializationTests
{
    [Fact]
    public void Deserialize_SampleWithoutOptionalCollections_KeepsEmptyDefaults()
    {
        var sample = JsonSerializer.Deserialize("""{"id":"i001-s0000","input":"hello"}""", PromptForgeJsonContext.Default.Sample)!;

        sample.RequestedAttributes.ShouldBeEmpty();
        sample.GeneratedAttributes.ShouldBeEmpty();
        sample.Provenance.ShouldNotBeNull();
        sample.Provenance.Attempt.ShouldBe(1);
    }

    [Fact]
    public void Deserialize_CritiqueWithoutCollections_KeepsEmptyDefaults()
    {
        var critique = JsonSerializer.Deserialize("""{"critic_name":"c","verdicts":[{"sample_id":"a"}],"complaints":[{"code":"x","message":"m"}]}""", PromptForgeJsonContext.Default.Critique)!;

        critique.Metrics.ShouldBeEmpty();
        critique.Verdicts.Single().FailedAttributes.ShouldBeEmpty();
        critique.Complaints.Single().Evidence.ShouldBeEmpty();
        critique.Complaints.Single().SampleIds.ShouldBeEmpty();
    }

    [Fact]
    public void Serialize_ThenDeserialize_RoundTripsASample()
    {
        var sample = new Sample
        {
            Id = SampleIds.Create(2, 5),
            Input = "text",
            Expected = "refund_request",
            RequestedAttributes = new Dictionary<string, string> { ["intent"] = "refund_request" },
            GeneratedAttributes = new Dictionary<string, string> { ["intent"] = "complaint" },
            Difficulty = 3,
            Provenance = new SampleProvenance { Iteration = 2, PromptVersion = 1, Attempt = 2 },
        };

        string json = JsonSerializer.Serialize(sample, PromptForgeJsonContext.Default.Sample);
        var back = JsonSerializer.Deserialize(json, PromptForgeJsonContext.Default.Sample)!;

        json.ShouldContain("\"requested_attributes\"");
        back.Id.ShouldBe("i002-s0005");
        back.GeneratedAttributes["intent"].ShouldBe("complaint");
        back.Provenance.Attempt.ShouldBe(2);
    }
}
