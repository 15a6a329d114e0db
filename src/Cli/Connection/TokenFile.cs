using Microchannels.Cli.Errors;

namespace Microchannels.Cli.Connection;

/// <summary>Reads a bearer token file as the daemon writes it (hex, one line).</summary>
public static class TokenFile
{
    public static string Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (FileNotFoundException)
        {
            throw new ConfigurationException(
                $"no token file at {path}: pass --datadir with the daemon's data directory (it writes admin.token and readonly.token at first start) or --token-file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ConfigurationException(
                $"no token file at {path}: pass --datadir with the daemon's data directory (it writes admin.token and readonly.token at first start) or --token-file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read the token file {path}: run mcli as the user that runs the daemon, or copy the token somewhere you can read and pass --token-file");
        }
        catch (IOException e)
        {
            throw new ConfigurationException($"cannot read the token file {path}: {e.Message}");
        }

        // A header value may hold only visible ASCII; anything else cannot be a token the daemon made.
        if (text.Length == 0 || text.Any(c => c < '!' || c > '~'))
        {
            throw new ConfigurationException($"the token file {path} does not hold a token (one line of visible ASCII): take it from the daemon's data directory again");
        }

        return text;
    }
}
