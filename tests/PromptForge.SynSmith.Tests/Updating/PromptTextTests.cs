namespace PromptForge.SynSmith.Tests.Updating;

public sealed class PromptTextTests
{
    [Theory]
    [InlineData("```text\ntext messages from customers\n```", "text messages from customers")]
    [InlineData("```\nexamples of texts\n```", "examples of texts")]
    [InlineData("```markdown\nGenerate messages.\n\nRule 1: be terse.\n```\n", "Generate messages.\n\nRule 1: be terse.")]
    [InlineData("~~~\ntxt first\n~~~", "txt first")]
    [InlineData("  Generate realistic messages.  ", "Generate realistic messages.")]
    [InlineData("text without fences", "text without fences")]
    [InlineData("```python is not a fence opener here", "```python is not a fence opener here")]
    public void Defect07_StripCodeFences_RemovesWholeFenceLinesOnly(string input, string expected)
    {
        // The reference stripped fence CHARACTERS (e.g. lstrip("```text")), eating the leading "text" of prompts.
        PromptText.StripCodeFences(input).ShouldBe(expected);
    }
}
