using System.Globalization;
using System.Text.Json.Serialization;

namespace PromptForge;

/// <summary>
/// A measured metric value together with the sample size it was computed on, or an explicit
/// "not measured" marker with the reason. PromptForge never reports a placeholder number
/// (such as 0.5 for a disabled critic) in place of a measurement.
/// </summary>
[JsonConverter(typeof(MetricValueJsonConverter))]
public readonly record struct MetricValue
{
    private MetricValue(double? value, int? sampleSize, string? notMeasuredReason)
    {
        Value = value;
        SampleSize = sampleSize;
        NotMeasuredReason = notMeasuredReason;
    }

    /// <summary>Gets the measured value, or <see langword="null"/> when the metric was not measured.</summary>
    public double? Value { get; }

    /// <summary>Gets the number of items the value was computed on, when known.</summary>
    public int? SampleSize { get; }

    /// <summary>Gets why the metric was not measured; <see langword="null"/> when it was measured.</summary>
    public string? NotMeasuredReason { get; }

    /// <summary>Gets a value indicating whether the metric holds a real measurement.</summary>
    [JsonIgnore]
    public bool IsMeasured => Value.HasValue;

    /// <summary>Creates a measured value.</summary>
    /// <param name="value">The measured value; must be a finite number.</param>
    /// <param name="sampleSize">The number of items the value was computed on.</param>
    /// <returns>The metric value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite, or <paramref name="sampleSize"/> is negative.</exception>
    public static MetricValue Measured(double value, int? sampleSize = null)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A measured metric must be a finite number; use NotMeasured with a reason instead.");
        }

        if (sampleSize is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleSize), sampleSize, "The sample size cannot be negative.");
        }

        return new MetricValue(value, sampleSize, null);
    }

    /// <summary>Creates a "not measured" marker.</summary>
    /// <param name="reason">Why the metric could not be measured (for example "critic disabled" or "fewer than 2 samples").</param>
    /// <param name="sampleSize">The number of items that were available, when known.</param>
    /// <returns>The metric value.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null, empty or white space.</exception>
    public static MetricValue NotMeasured(string reason, int? sampleSize = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new MetricValue(null, sampleSize, reason);
    }

    /// <inheritdoc />
    public override string ToString() =>
        Value is { } v
            ? v.ToString("0.####", CultureInfo.InvariantCulture) + (SampleSize is { } n ? $" (n={n})" : string.Empty)
            : $"not measured ({NotMeasuredReason})";
}
