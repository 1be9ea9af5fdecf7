using System.Text;
using Suggestions.Cli;

// Chinese text in and out whatever the terminal's locale says.
Console.InputEncoding = Encoding.UTF8;
Console.OutputEncoding = new UTF8Encoding(false);

return await Verbs.RunAsync(args, Console.Error).ConfigureAwait(false);
