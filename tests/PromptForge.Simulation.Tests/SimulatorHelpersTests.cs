using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PromptForge.Simulation.Tests;

public sealed class SimulatorHelpersTests
{
    [Fact]
    public void FindAll_TextWithEmbeddedPayloads_ReturnsEachCompleteValue()
    {
        const string Text = """
            Rules: keep {braces} in prose.
            <samples>
            [{"id":"i001-s0001","input":"card lost {urgent}"},{"id":"i001-s0002","input":"refund"}]
            </samples>
            And the schema {"labels": ["a", "b"]} trailing {broken
            """;

        IReadOnlyList<JsonElement> values = SimulatorJson.FindAll(Text);

        values.Count.ShouldBe(2);
        values[0].ValueKind.ShouldBe(JsonValueKind.Array);
        values[0][0].GetProperty("input").GetString().ShouldBe("card lost {urgent}");
        SimulatorJson.GetArray(values[1], "LABELS").Count.ShouldBe(2);
    }

    [Fact]
    public void TryFindBetween_Delimiters_ParsesPayload()
    {
        const string Text = "intro <samples>[{\"id\":\"x\",\"score\":3}]</samples> outro";

        SimulatorJson.TryFindBetween(Text, "<samples>", "</samples>", out JsonElement value).ShouldBeTrue();
        SimulatorJson.GetString(value[0], "ID").ShouldBe("x");
        SimulatorJson.GetString(value[0], "score").ShouldBe("3");
        SimulatorJson.GetString(value[0], "missing").ShouldBeNull();
        SimulatorJson.TryFindBetween(Text, "<critique>", "</critique>", out _).ShouldBeFalse();
        SimulatorJson.TryFindBetween("<a>{not json</a>", "<a>", "</a>", out _).ShouldBeFalse();
    }

    [Fact]
    public void Write_Callback_ProducesCompactJson()
    {
        string json = SimulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("text", "line\nbreak");
            w.WriteEndObject();
        });

        json.ShouldBe("""{"text":"line\nbreak"}""");
    }

    [Theory]
    [InlineData("Which is right?\nOptions:\n(A) red\n(B) blue\n(C) green", "(A)|(B)|(C)")]
    [InlineData("Did Frank cause it?\nOptions:\n- Yes\n- No", "Yes|No")]
    [InlineData("not ( True ) and ( True ) is", "True|False")]
    [InlineData("Is the following statement correct? Answer yes or no.", "Yes|No")]
    [InlineData("Classify the text. Answer with one of: positive, negative, neutral", "positive|negative|neutral")]
    [InlineData("Classify. {\"text\":\"hi\",\"labels\":[\"card_lost\",\"refund\"]}", "card_lost|refund")]
    [InlineData("Write a poem about the sea.", "")]
    public void FindOptions_QuestionFormats_ReturnsOfferedOptions(string question, string expected)
    {
        SimulatedAnswers.FindOptions(question).ShouldBe(expected.Length == 0 ? [] : expected.Split('|'));
    }

    [Fact]
    public void PickAnswer_HowManyQuestion_AnswersWithANumber()
    {
        var request = new SimulatedRoleRequest("task", [new ChatMessage(ChatRole.User, "I have 3 apples and 2 pears. How many fruits do I have?")]);

        SimulatedAnswers.PickAnswer(request).ShouldBeOneOf("3", "2");
    }

    [Fact]
    public void Words_Text_ReturnsDistinctLowercaseContentWords()
    {
        SimulatorText.Words("The Card was LOST, and the card's PIN: 1234 is lost too!").ShouldBe(["card", "lost", "pin"]);
    }

    [Fact]
    public void CreateRandom_SameKey_IndependentOfOtherRequestContent()
    {
        var a = new SimulatedRoleRequest("critic", [new ChatMessage(ChatRole.User, "batch one")], seed: 9);
        var b = new SimulatedRoleRequest("critic", [new ChatMessage(ChatRole.User, "batch two, reordered")], seed: 9);

        a.CreateRandom("sample text").Next().ShouldBe(b.CreateRandom("sample text").Next());
        a.CreateRandom("sample text").Next().ShouldNotBe(a.CreateRandom("other sample").Next());
        a.Fingerprint.ShouldNotBe(b.Fingerprint);
    }

    [Fact]
    public void PickDistinct_ReturnsDistinctItemsInOriginalOrder()
    {
        IReadOnlyList<int> picked = SimulatorText.PickDistinct(new Random(1), [10, 20, 30, 40, 50], 3);

        picked.Count.ShouldBe(3);
        picked.ShouldBeUnique();
        picked.ShouldBe(picked.Order().ToArray());
    }
}
