using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace PromptForge.Benchmarks.Tokens;

/// <summary>
/// How far the characters / 4 rule of thumb is from the real token counts of OpenAI's vocabularies (o200k_base for
/// gpt-4o / gpt-4.1 / o-series, cl100k_base for gpt-4 / gpt-3.5), on English, German and Japanese text. The CLI counts
/// with those vocabularies by model family (PromptForge.Cli's ModelFamilyTokenCounter), so its error on those families is
/// zero by construction; this bench shows what the fallback would get wrong.
/// </summary>
internal sealed class TokenCountAccuracyBench : IBenchCommand
{
    // Written for this bench (no Japanese corpus ships with the project's datasets): everyday prose and support requests.
    private static readonly string[] JapaneseSamples =
    [
        "東京は日本の首都であり、世界最大級の都市圏を形成している。",
        "昨日注文した商品がまだ届いていません。配送状況を確認していただけますか。",
        "パスワードを忘れてしまったので、再設定の方法を教えてください。",
        "このレストランは駅から徒歩五分の場所にあり、週末はいつも混雑しています。",
        "会議は午後三時から始まる予定でしたが、部長の都合で明日に延期されました。",
        "新しいスマートフォンのバッテリーは一日中持つので、とても満足しています。",
        "請求書の金額が間違っているようです。二重に請求されていないか確認してください。",
        "桜の季節になると、公園には多くの花見客が集まり、夜遅くまでにぎわいます。",
        "アプリを最新版に更新したところ、ログインできなくなってしまいました。",
        "彼は大学で物理学を専攻し、卒業後は研究所で半導体の開発に携わった。",
        "解約の手続きはオンラインでできますか、それとも電話で連絡する必要がありますか。",
        "今年の夏は例年より暑く、各地で最高気温の記録が更新された。",
    ];

    public string Name => "token-counts";

    public string Description => "characters / 4 against o200k_base and cl100k_base token counts on English, German and Japanese text";

    public Task<int> RunAsync(string[] args)
    {
        string datasets = args.Length > 0 ? args[0] : "/work/shared/datasets";
        var corpora = new List<(string Name, IReadOnlyList<string> Texts)>
        {
            ("English: BBH causal_judgement stories", BbhInputs(Path.Combine(datasets, "bbh", "causal_judgement.json"))),
            ("English: Banking77 test queries", JsonlTexts(Path.Combine(datasets, "synsmith", "banking77", "splits", "banking77_real_test.jsonl"))),
            ("German: BBH salient_translation sources", GermanSources(Path.Combine(datasets, "bbh", "salient_translation_error_detection.json"))),
            ("Japanese: written samples", JapaneseSamples),
        };

        Tokenizer o200k = TiktokenTokenizer.CreateForEncoding("o200k_base");
        Tokenizer cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");
        Console.WriteLine("| text | texts | characters | o200k_base tokens | cl100k_base tokens | characters / 4 | chars/4 error vs o200k | chars/4 error vs cl100k | characters per o200k token |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((string name, IReadOnlyList<string> texts) in corpora)
        {
            long characters = texts.Sum(t => (long)t.Length);
            long o200kTokens = texts.Sum(t => (long)o200k.CountTokens(t));
            long cl100kTokens = texts.Sum(t => (long)cl100k.CountTokens(t));
            long estimate = texts.Sum(t => (long)Math.Ceiling(t.Length / 4.0));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | {texts.Count} | {characters:N0} | {o200kTokens:N0} | {cl100kTokens:N0} | {estimate:N0} | {Error(estimate, o200kTokens)} | {Error(estimate, cl100kTokens)} | {(double)characters / o200kTokens:F2} |"));
        }

        return Task.FromResult(0);
    }

    private static string Error(long estimate, long actual) => string.Create(CultureInfo.InvariantCulture, $"{(estimate - actual) * 100.0 / actual:+0;-0}%");

    private static List<string> BbhInputs(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("input").GetString()!).ToList();
    }

    private static List<string> JsonlTexts(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();

    /// <summary>The German sentence of each item: between "Source: " and the line that starts the translation.</summary>
    private static List<string> GermanSources(string path) => BbhInputs(path)
        .Select(input => input[(input.IndexOf("Source: ", StringComparison.Ordinal) + "Source: ".Length)..])
        .Select(rest => rest[..rest.IndexOf('\n')].Trim())
        .ToList();
}
