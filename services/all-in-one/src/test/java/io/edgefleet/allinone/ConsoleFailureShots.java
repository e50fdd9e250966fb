package io.edgefleet.allinone;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Keeps a screenshot of the browser when a console test fails, as
 * {@code target/console-screenshots/FAILED-<class>-<test>.png}, and what the page wrote to the browser console
 * next to it ({@code .log}):
 * {@code @RegisterExtension final ConsoleFailureShots shots = new ConsoleFailureShots(() -> browser);}
 */
final class ConsoleFailureShots implements TestWatcher {

    private final Supplier<ConsoleBrowser> browser;

    ConsoleFailureShots(Supplier<ConsoleBrowser> browser) {
        this.browser = browser;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        ConsoleBrowser current = browser.get();
        if (current == null) {
            return;
        }
        try {
            String name = "FAILED-" + context.getRequiredTestClass().getSimpleName() + "-"
                    + context.getRequiredTestMethod().getName();
            current.screenshot(name);
            java.nio.file.Files.write(ConsoleBrowser.SCREENSHOTS.resolve(name + ".log"), current.consoleLog());
        } catch (Exception | Error e) {
            cause.addSuppressed(e);
        }
    }
}
