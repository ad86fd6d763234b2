namespace PromptForge.Sipdo.Tests.Tasks;

public sealed class AnswerFormatTests
{
    [Theory]
    [InlineData("<answer>(C)</answer>", "C")]
    [InlineData("Reasoning... so (A) is out. The answer is (B).", "B")]
    [InlineData("the answer is B) Paris", "B")]
    [InlineData("Final answer: option D", "D")]
    [InlineData("(A) is wrong because ... therefore (E)", "E")]
    [InlineData("B", "B")]
    [InlineData("The answer is definitely B, since the others fail.", "B")]
    [InlineData("The answer is: I think it must be D.", "D")]
    public void MultipleChoice_Extract_ReadsTheLetter(string output, string expected)
    {
        AnswerFormat.MultipleChoice.Extract(output).Answer.ShouldBe(expected);
    }

    [Fact]
    public void MultipleChoice_Extract_LowerCaseLetterInUnmarkedText_IsUnparseable()
    {
        // "a" in running text is an article, not an option.
        AnswerFormat.MultipleChoice.Extract("it is a tricky one").IsSuccess.ShouldBeFalse();
        AnswerFormat.MultipleChoice.Extract("The answer is c)").Answer.ShouldBe("C");
    }

    [Fact]
    public void MultipleChoice_Extract_MapsOptionTextToLetterWhenChoicesGiven()
    {
        AnswerFormat.MultipleChoice.Extract("The answer is: Unknown", ["True", "False", "Unknown"]).Answer.ShouldBe("C");
    }

    [Fact]
    public void MultipleChoice_Extract_NoLetter_IsUnparseableWithReason()
    {
        var extraction = AnswerFormat.MultipleChoice.Extract("I am not sure about this one.");

        extraction.IsSuccess.ShouldBeFalse();
        extraction.FailureReason!.ShouldContain("no option letter");
    }

    [Theory]
    [InlineData("Yes", "yes")]
    [InlineData("No.", "no")]
    [InlineData("The answer is: No, because the CEO did not intend it.", "no")]
    [InlineData("Some would say yes. But on reflection, no", "no")]
    [InlineData("<answer>YES</answer>", "yes")]
    public void YesNo_Extract_ReadsTheLabel(string output, string expected)
    {
        AnswerFormat.YesNo.Extract(output).Answer.ShouldBe(expected);
    }

    [Fact]
    public void YesNo_Grade_UnparseableOutput_IsWrongWithReason()
    {
        var grade = AnswerFormat.YesNo.Grade("It depends on the point of view.", ["Yes"]);

        grade.IsCorrect.ShouldBeFalse();
        grade.Reason!.ShouldStartWith("unparseable:");
    }

    [Theory]
    [InlineData("non-entailment", "non entailment")]
    [InlineData("The relation is entailment.", "entailment")]
    [InlineData("The hypothesis is not entailed by the premise.", "non entailment")]
    [InlineData("Answer: Non-Entailment", "non entailment")]
    public void Entailment_Extract_NeverConfusesNonEntailment(string output, string expected)
    {
        AnswerFormat.Entailment.Extract(output).Answer.ShouldBe(expected);
    }

    [Theory]
    [InlineData("nine", "9")]
    [InlineData("I count 3 apples and 2 pears, so nine items.", "9")]
    [InlineData("The answer is twenty-one.", "21")]
    [InlineData("one hundred and five", "105")]
    [InlineData("The answer is 1,024 (not 1000).", "1024")]
    [InlineData("-11520", "-11520")]
    [InlineData("2.50", "2.5")]
    [InlineData("<answer>seventeen</answer>", "17")]
    public void Number_Extract_ReadsDigitsAndNumberWords(string output, string expected)
    {
        AnswerFormat.Number.Extract(output).Answer.ShouldBe(expected);
    }

    [Fact]
    public void Number_Grade_NumberWordMatchesDigitTarget()
    {
        AnswerFormat.Number.Grade("There are nine objects.", ["9"]).IsCorrect.ShouldBeTrue();
        AnswerFormat.Number.Grade("There are eight objects.", ["9"]).IsCorrect.ShouldBeFalse();
    }

    [Fact]
    public void Number_Extract_NoNumber_IsUnparseable()
    {
        AnswerFormat.Number.Extract("I cannot count them.").FailureReason!.ShouldContain("no number");
    }

    [Theory]
    [InlineData("The answer is: Rita, Sue and Bob Poo!", "rita sue and bob poo")]
    [InlineData("some thoughts\n  apple   Banana cherry  ", "apple banana cherry")]
    [InlineData("] ) >", "] ) >")]
    public void ExactText_Extract_NormalizesCaseWhitespaceAndPunctuation(string output, string expected)
    {
        AnswerFormat.ExactText.Extract(output).Answer.ShouldBe(expected);
    }

    [Fact]
    public void Categorical_Extract_ReadsAnyLabelAndRejectsDuplicates()
    {
        var format = AnswerFormat.Categorical(["valid", "invalid"]);

        format.Extract("So the argument is invalid.").Answer.ShouldBe("invalid");
        format.Extract("The answer is valid").Answer.ShouldBe("valid");
        Should.Throw<ArgumentException>(() => AnswerFormat.Categorical(["Yes", "yes!"]));
        Should.Throw<ArgumentException>(() => AnswerFormat.Categorical(["only"]));
    }

    [Fact]
    public void Choice_Extract_UsesPerExampleChoices()
    {
        var choices = new[] { "6pm to 9pm", "7am to 11am" };

        AnswerFormat.Choice.Extract("She could have gone from 6pm to 9pm.", choices).Answer.ShouldBe("6pm to 9pm");
        AnswerFormat.Choice.Extract("anything", null).FailureReason!.ShouldContain("no choices");
    }

    [Fact]
    public void Custom_Extract_UsesDelegateAndReportsItsFailure()
    {
        var format = AnswerFormat.Custom(
            "upper",
            "Answer in capitals.",
            (output, _) => output.Contains('!', StringComparison.Ordinal) ? throw new InvalidOperationException("boom") : AnswerExtraction.Found(output.ToUpperInvariant()),
            answer => answer.ToUpperInvariant());

        format.Grade("abc", ["ABC"]).IsCorrect.ShouldBeTrue();
        var failed = format.Extract("abc!");
        failed.IsSuccess.ShouldBeFalse();
        failed.FailureReason!.ShouldContain("boom");
    }
}
