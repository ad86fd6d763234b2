namespace PromptForge.Evaluation;

/// <summary>What a <see cref="TfidfVectorizer"/> counts as a term.</summary>
public enum TfidfAnalyzer
{
    /// <summary>Word n-grams of tokens of two or more letters or digits (scikit-learn's <c>analyzer="word"</c> with its default token pattern).</summary>
    Word,

    /// <summary>Character n-grams inside word boundaries, each word padded with one space on both sides (scikit-learn's <c>analyzer="char_wb"</c>).</summary>
    CharWordBoundary,
}
