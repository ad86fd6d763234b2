namespace PromptForge.Evaluation;

/// <summary>One attribute set to one value, for example <c>tone = angry</c>.</summary>
/// <param name="Attribute">The attribute name.</param>
/// <param name="Value">The value.</param>
public readonly record struct AttributeAssignment(string Attribute, string Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Attribute}={Value}";
}

/// <summary>A cell of a two-attribute combination table, for example <c>(intent = refund, tone = angry)</c>.</summary>
/// <param name="First">The assignment of the first attribute (in schema order).</param>
/// <param name="Second">The assignment of the second attribute.</param>
public readonly record struct AttributeCombination(AttributeAssignment First, AttributeAssignment Second)
{
    /// <inheritdoc />
    public override string ToString() => $"({First}, {Second})";
}
