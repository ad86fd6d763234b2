using System.Globalization;
using PromptForge.Cli.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PromptForge.Cli.Estimation;

/// <summary>Prices per 1M tokens, per model, read from a YAML or JSON file:
/// <code>
/// currency: USD
/// models:
///   gpt-4o-mini: { input: 0.15, output: 0.60 }
/// </code></summary>
internal sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices;

    public PriceTable(string currency, IReadOnlyDictionary<string, ModelPrice> prices)
    {
        Currency = currency;
        _prices = new Dictionary<string, ModelPrice>(prices, StringComparer.OrdinalIgnoreCase);
    }

    public string Currency { get; }

    public IReadOnlyDictionary<string, ModelPrice> Prices => _prices;

    /// <summary>Gets the cost of a token count for a model, or <see langword="null"/> when the table has no price for it.</summary>
    public decimal? Cost(string? model, long inputTokens, long outputTokens) =>
        model is not null && _prices.TryGetValue(model, out ModelPrice price)
            ? (price.InputPerMillion * inputTokens + price.OutputPerMillion * outputTokens) / 1_000_000m
            : null;

    public static PriceTable Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliInputException("the price table file does not exist.", path);
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new CliInputException($"invalid YAML/JSON: {ex.InnerException?.Message ?? ex.Message}", path, (int)ex.Start.Line, innerException: ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new CliInputException("expected a mapping with 'models' (and optionally 'currency').", path, 1);
        }

        string currency = "USD";
        Dictionary<string, ModelPrice>? prices = null;
        foreach ((YamlNode keyNode, YamlNode valueNode) in root.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            switch (key)
            {
                case "currency":
                    currency = (valueNode as YamlScalarNode)?.Value ?? throw Problem(path, valueNode, key, "expected a currency code such as USD.");
                    break;
                case "models":
                    prices = ReadModels(path, valueNode as YamlMappingNode ?? throw Problem(path, valueNode, key, "expected a mapping of model name to {input, output}."));
                    break;
                default:
                    throw Problem(path, keyNode, key, "unknown key (expected 'currency' or 'models').");
            }
        }

        return prices is null or { Count: 0 }
            ? throw new CliInputException("no prices: add 'models' with at least one model.", path, 1, "models")
            : new PriceTable(currency, prices);
    }

    private static Dictionary<string, ModelPrice> ReadModels(string path, YamlMappingNode models)
    {
        var result = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach ((YamlNode nameNode, YamlNode priceNode) in models.Children)
        {
            string model = ((YamlScalarNode)nameNode).Value ?? string.Empty;
            if (priceNode is not YamlMappingNode price)
            {
                throw Problem(path, priceNode, $"models.{model}", "expected {input: <price per 1M input tokens>, output: <price per 1M output tokens>}.");
            }

            decimal? input = null, output = null;
            foreach ((YamlNode keyNode, YamlNode valueNode) in price.Children)
            {
                string key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                string field = $"models.{model}.{key}";
                if (key is not ("input" or "output"))
                {
                    throw Problem(path, keyNode, field, "unknown key (expected 'input' or 'output', prices per 1M tokens).");
                }

                if (valueNode is not YamlScalarNode { Value: { } text }
                    || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value) || value < 0)
                {
                    throw Problem(path, valueNode, field, "expected a non-negative number (price per 1M tokens).");
                }

                (key == "input" ? ref input : ref output) = value;
            }

            if (input is null || output is null)
            {
                throw Problem(path, nameNode, $"models.{model}", "both 'input' and 'output' prices are required.");
            }

            result[model] = new ModelPrice(input.Value, output.Value);
        }

        return result;
    }

    private static CliInputException Problem(string path, YamlNode node, string field, string message) =>
        new(message, path, (int)node.Start.Line, field);
}

/// <summary>Prices per 1M input and output tokens.</summary>
internal readonly record struct ModelPrice(decimal InputPerMillion, decimal OutputPerMillion);
