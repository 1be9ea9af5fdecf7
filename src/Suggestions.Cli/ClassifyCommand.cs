using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Suggestions.Classification;

namespace Suggestions.Cli;

/// <summary>
/// JSON Lines in, JSON Lines out, one answer per input line in the same order. A line that cannot be
/// classified gets <c>{"id","error"}</c> and the run goes on: one bad line must not lose a batch.
/// </summary>
internal static class ClassifyCommand
{
    // The output is data for programs and people reading Chinese, not HTML: keep characters readable.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(CommandLine options)
    {
        var classifier = options.LoadClassifier();
        using var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        var (_, errors) = Run(input, output, classifier, flushEachLine: !Console.IsInputRedirected);
        return errors == 0 ? 0 : 1;
    }

    /// <summary>Classifies every line of <paramref name="input"/>; returns how many lines were answered and how many failed.</summary>
    public static (int Lines, int Errors) Run(TextReader input, TextWriter output, IProposalClassifier classifier, bool flushEachLine = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(classifier);
        int lines = 0, errors = 0;
        var buffer = new MemoryStream();
        while (input.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            lines++;
            buffer.SetLength(0);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                if (!ClassifyLine(line, classifier, writer))
                {
                    errors++;
                }
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            if (flushEachLine)
            {
                output.Flush();
            }
        }

        output.Flush();
        return (lines, errors);
    }

    private static bool ClassifyLine(string line, IProposalClassifier classifier, Utf8JsonWriter writer)
    {
        JsonElement? id = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return WriteError(writer, null, "line is not a JSON object");
            }

            if (root.TryGetProperty("id", out var idElement))
            {
                id = idElement.Clone();
            }

            var title = OptionalString(root, "title");
            var text = OptionalString(root, "text") ?? OptionalString(root, "content");
            if (string.IsNullOrWhiteSpace(text))
            {
                return WriteError(writer, id, "missing \"text\"");
            }

            var result = classifier.Classify(new ProposalText(title ?? string.Empty, text));
            WriteResult(writer, id, result);
            return true;
        }
        catch (JsonException e)
        {
            return WriteError(writer, id, "invalid JSON: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            // A property of the wrong JSON type ("text": 5).
            return WriteError(writer, id, e.Message);
        }
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;

    private static void WriteResult(Utf8JsonWriter writer, JsonElement? id, ClassificationResult result)
    {
        writer.WriteStartObject();
        WriteId(writer, id);
        writer.WriteString("category", result.Category);
        writer.WriteNumber("confidence", result.Confidence);
        writer.WriteBoolean("needsReview", result.NeedsReview);
        writer.WriteStartArray("alternatives");
        foreach (var alternative in result.Alternatives)
        {
            writer.WriteStartObject();
            writer.WriteString("category", alternative.Category);
            writer.WriteNumber("confidence", alternative.Confidence);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("reasons");
        foreach (var reason in result.Reasons)
        {
            writer.WriteStringValue(reason);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("hints");
        foreach (var hint in result.Hints)
        {
            writer.WriteStringValue(hint);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("multiIssue", result.Hints.Contains(HintCodes.MultiIssue));
        writer.WriteBoolean("personalGrievance", result.Hints.Contains(HintCodes.PersonalGrievance));
        if (result.District is null)
        {
            writer.WriteNull("district");
        }
        else
        {
            writer.WriteString("district", result.District);
        }

        writer.WriteString("modelVersion", result.ModelVersion);
        writer.WriteEndObject();
    }

    private static bool WriteError(Utf8JsonWriter writer, JsonElement? id, string error)
    {
        writer.WriteStartObject();
        WriteId(writer, id);
        writer.WriteString("error", error);
        writer.WriteEndObject();
        return false;
    }

    private static void WriteId(Utf8JsonWriter writer, JsonElement? id)
    {
        writer.WritePropertyName("id");
        if (id is { } value)
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
