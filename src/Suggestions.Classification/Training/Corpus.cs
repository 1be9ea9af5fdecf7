using System.Text.Json;
using System.Text.Json.Serialization;

namespace Suggestions.Classification.Training;

/// <summary>One line of the corpus (data/README.md): a proposal with its category and criteria hints.</summary>
public sealed record LabeledProposal(
    string Id,
    string Title,
    string Text,
    string Category,
    IReadOnlyList<string> Also,
    IReadOnlyList<string> Hints,
    string? District)
{
    /// <summary>The writing batch the text came from (data/README.md), or null; used to hold out a whole writer.</summary>
    public string? Batch { get; init; }
}

/// <summary>Reads corpus JSON Lines files (a file, or every *.jsonl in a folder, in name order).</summary>
public static class CorpusReader
{
    public static CorpusReadResult Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : [path];
        var items = new List<LabeledProposal>();
        var errors = new List<string>();
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (TryParse(line, out var item, out var error))
                {
                    items.Add(item);
                }
                else
                {
                    // Files may be mid-write or hand-edited: report and go on rather than lose the rest.
                    errors.Add($"{Path.GetFileName(file)}:{lineNumber}: {error}");
                }
            }
        }

        return new CorpusReadResult(items, errors);
    }

    public static bool TryParse(string line, out LabeledProposal item, out string error)
    {
        item = null!;
        CorpusLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, CorpusJsonContext.Default.CorpusLine);
        }
        catch (JsonException e)
        {
            error = e.Message;
            return false;
        }

        if (parsed is null || string.IsNullOrWhiteSpace(parsed.Text) || string.IsNullOrWhiteSpace(parsed.Category))
        {
            error = "missing text or category";
            return false;
        }

        if (!CategoryCodes.All.Contains(parsed.Category))
        {
            error = $"unknown category '{parsed.Category}'";
            return false;
        }

        item = new LabeledProposal(
            parsed.Id ?? string.Empty,
            parsed.Title ?? string.Empty,
            parsed.Text,
            parsed.Category,
            parsed.Also ?? [],
            parsed.Hints ?? [],
            parsed.District)
        {
            Batch = string.IsNullOrWhiteSpace(parsed.Batch) ? null : parsed.Batch,
        };
        error = string.Empty;
        return true;
    }
}

public sealed record CorpusReadResult(IReadOnlyList<LabeledProposal> Items, IReadOnlyList<string> Errors);

internal sealed class CorpusLine
{
    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Text { get; set; }

    public string? Category { get; set; }

    public List<string>? Also { get; set; }

    public List<string>? Hints { get; set; }

    public string? District { get; set; }

    public string? Batch { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CorpusLine))]
internal sealed partial class CorpusJsonContext : JsonSerializerContext;
