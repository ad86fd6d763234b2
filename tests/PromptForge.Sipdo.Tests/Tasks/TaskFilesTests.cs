using System.ComponentModel.DataAnnotations;

namespace PromptForge.Sipdo.Tests.Tasks;

public sealed class TaskFilesTests
{
    [Theory]
    [InlineData("proofwriter", "ProofWriter", 600, 3)]
    [InlineData("prontoqa", "ProntoQA", 500, 2)]
    public async Task LoadAsync_LogicLmFile_ReadsContextQuestionOptionsAndLetter(string folder, string name, int count, int labels)
    {
        var task = await TaskFiles.LoadAsync(TestDataFiles.PathOf(folder, "dev.json"), cancellationToken: TestContext.Current.CancellationToken);

        task.Name.ShouldBe(name);
        task.Examples.Count.ShouldBe(count);
        task.AnswerFormat.ShouldBe(AnswerFormat.MultipleChoice);
        task.LabelSpace!.Count.ShouldBe(labels);
        var first = task.Examples[0];
        first.Input.ShouldStartWith("Context:\n");
        first.Input.ShouldContain("\nOptions:\nA) True");
        task.Grade("All rules apply, so the statement holds. The answer is A.", first).IsCorrect.ShouldBe(first.Target == "A");
        task.Grade("The answer is: True", first).IsCorrect.ShouldBe(first.Target == "A");
    }

    [Fact]
    public void Parse_MmluCsv_ReadsQuotedFieldsAndSkipsHeader()
    {
        const string csv = "question,A,B,C,D,answer\n\"What is 2+2, exactly?\",3,4,5,\"6\"\"\",B\nWhich is a prime?,4,6,7,8,C\n";

        var task = TaskFiles.Parse("college_math_test.csv", csv);

        task.Name.ShouldBe("college_math");
        task.Examples.Count.ShouldBe(2);
        task.Examples[0].Input.ShouldBe("What is 2+2, exactly?\nOptions:\n(A) 3\n(B) 4\n(C) 5\n(D) 6\"");
        task.Examples[0].Target.ShouldBe("(B)");
        task.Grade("The answer is (B).", task.Examples[0]).IsCorrect.ShouldBeTrue();
        task.LabelSpace.ShouldBe(["B", "C"]);
    }

    [Fact]
    public void Parse_MmluCsvWrongColumnCount_NamesFileAndLine()
    {
        var ex = Should.Throw<TaskFileException>(() => TaskFiles.Parse("bad.csv", "q,1,2,3,4,A\nq2,1,2,3,B\n"));

        ex.FilePath.ShouldBe("bad.csv");
        ex.Record.ShouldBe(2);
        ex.Message.ShouldContain("bad.csv: record 2: expected 6 columns");
    }

    [Fact]
    public void Parse_JsonlWithCustomFields_ReadsAcceptedAnswersAndChoices()
    {
        const string jsonl = """
            {"question": "How many legs has a spider?", "answers": ["eight", "8"], "options": ["6", "8"]}

            {"question": "How many legs has a cat?", "answers": 4, "options": ["4", "2"]}
            """;

        var task = TaskFiles.Parse("legs.jsonl", jsonl, new TaskFileOptions { InputField = "question", TargetField = "answers", ChoicesField = "options" });

        task.AnswerFormat.ShouldBe(AnswerFormat.Number);
        task.Examples.Count.ShouldBe(2);
        task.Examples[0].AcceptedAnswers.ShouldBe(["eight", "8"]);
        task.Examples[0].Choices.ShouldBe(["6", "8"]);
        task.Grade("It has 8.", task.Examples[0]).IsCorrect.ShouldBeTrue();
        task.Examples[0].Input.ShouldBe("How many legs has a spider?\nOptions:\n- 6\n- 8", "the task model reads only the input, so the choices are shown in it");
    }

    [Fact]
    public void Parse_JsonlChoicesAlreadyInInput_AreNotAppendedWhenDisabled()
    {
        const string jsonl = "{\"input\": \"Pick one: 6 or 8?\", \"target\": \"8\", \"choices\": [\"6\", \"8\"]}\n";

        var task = TaskFiles.Parse("legs.jsonl", jsonl, new TaskFileOptions { ChoicesField = "choices", AppendChoicesToInput = false });

        task.Examples.ShouldHaveSingleItem().Input.ShouldBe("Pick one: 6 or 8?");
    }

    [Fact]
    public void Parse_JsonlDuplicateId_NamesFileAndRecord()
    {
        const string jsonl = "{\"id\": \"q1\", \"input\": \"a\", \"target\": \"Yes\"}\n{\"id\": \"q2\", \"input\": \"b\", \"target\": \"No\"}\n{\"id\": \"q1\", \"input\": \"c\", \"target\": \"No\"}\n";

        var ex = Should.Throw<TaskFileException>(() => TaskFiles.Parse("data.jsonl", jsonl));

        ex.FilePath.ShouldBe("data.jsonl");
        ex.Record.ShouldBe(3);
        ex.Message.ShouldBe("data.jsonl: record 3: the id \"q1\" is used by an earlier record");
    }

    [Fact]
    public void Parse_JsonlInvalidJsonLine_NamesFileAndLine()
    {
        const string jsonl = "{\"input\": \"a\", \"target\": \"Yes\"}\n{\"input\": \"b\", \"target\": }\n";

        var ex = Should.Throw<TaskFileException>(() => TaskFiles.Parse("data.jsonl", jsonl));

        ex.Record.ShouldBe(2);
        ex.Problem.ShouldStartWith("not valid JSON");
    }

    [Fact]
    public void Parse_JsonlMissingField_NamesFirstBadRecord()
    {
        const string jsonl = "{\"input\": \"a\", \"target\": \"Yes\"}\n{\"input\": \"b\", \"label\": \"No\"}\n{\"input\": \"c\"}\n";

        var ex = Should.Throw<TaskFileException>(() => TaskFiles.Parse("data.jsonl", jsonl));

        ex.Record.ShouldBe(2);
        ex.Message.ShouldBe("data.jsonl: record 2: missing field 'target'");
    }

    [Fact]
    public void Parse_UnknownJsonShape_NamesTheFile()
    {
        var ex = Should.Throw<TaskFileException>(() => TaskFiles.Parse("weird.json", "{\"rows\": []}"));

        ex.Record.ShouldBeNull();
        ex.Message.ShouldStartWith("weird.json: unknown shape");
    }

    [Fact]
    public void Parse_BigBenchRecordWithoutTarget_NamesFirstBadRecord()
    {
        const string json = """{"name": "t", "examples": [{"input": "a", "target_scores": {"Yes": 1, "No": 0}}, {"input": "b"}, {"input": "c"}]}""";

        var ex = Should.Throw<TaskFileException>(() => TaskFiles.Parse("t.json", json));

        ex.Record.ShouldBe(2);
        ex.Problem.ShouldContain("missing 'target' and 'target_scores'");
    }

    [Fact]
    public void Parse_BigBenchTaskPrefix_IsPrependedAndChoicesAppended()
    {
        const string json = """
            {"name": "shapes", "description": "Name the shape.", "task_prefix": "Look closely.", "examples": [
              {"input": "Path A draws a", "target_scores": {"circle": 0, "kite": 1}},
              {"input": "Path B draws a", "target_scores": {"circle": 1, "kite": 0}}]}
            """;

        var task = TaskFiles.Parse("shapes.json", json);

        task.Description.ShouldBe("Name the shape.");
        task.Examples[0].Input.ShouldBe("Look closely.\n\nPath A draws a\nOptions:\n- circle\n- kite");
        task.Examples[0].Target.ShouldBe("kite");
        task.LabelSpace.ShouldBe(["circle", "kite"]);
    }

    [Fact]
    public void Parse_InvalidOptions_ListsEveryProblem()
    {
        var ex = Should.Throw<ValidationException>(() => TaskFiles.Parse("x.jsonl", "", new TaskFileOptions { InputField = "", TargetField = "" }));

        ex.Message.ShouldContain(nameof(TaskFileOptions.InputField));
        ex.Message.ShouldContain(nameof(TaskFileOptions.TargetField));
    }

    [Fact]
    public async Task SplitHeldOut_SameSeed_GivesSameDisjointSplit()
    {
        var task = await TaskFiles.LoadAsync(TestDataFiles.PathOf("bigbench-promptagent", "causal_judgement.json"), cancellationToken: TestContext.Current.CancellationToken);

        var a = task.SplitHeldOut(0.5, seed: 42);
        var b = task.SplitHeldOut(0.5, seed: 42);
        var c = task.SplitHeldOut(0.5, seed: 7);

        a.HeldOut.Count.ShouldBe(95);
        a.Examples.Count.ShouldBe(95);
        a.HeldOut.Select(e => e.Id).ShouldBe(b.HeldOut.Select(e => e.Id));
        a.HeldOut.Select(e => e.Id).ShouldNotBe(c.HeldOut.Select(e => e.Id));
        a.HeldOut.Select(e => e.Id).Intersect(a.Examples.Select(e => e.Id)).ShouldBeEmpty();
        Should.Throw<ArgumentOutOfRangeException>(() => task.SplitHeldOut(190, 1));
    }

    [Fact]
    public async Task LabelDistribution_CausalJudgement_MatchesFileCounts()
    {
        var task = await TaskFiles.LoadAsync(TestDataFiles.PathOf("bigbench-promptagent", "causal_judgement.json"), cancellationToken: TestContext.Current.CancellationToken);

        var distribution = task.LabelDistribution();

        distribution["yes"].ShouldBe(99 / 190.0, 1e-9);
        distribution["no"].ShouldBe(91 / 190.0, 1e-9);
    }
}
