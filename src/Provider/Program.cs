namespace Microchannels.Provider;

internal static class Program
{
    public static int Main() => 0;
}
