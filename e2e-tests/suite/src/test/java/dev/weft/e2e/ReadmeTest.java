package dev.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.process.WeftHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md tells the truth about the repository it describes. */
class ReadmeTest {
  private final Path home = WeftHome.locate();

  private String read(String file) throws IOException {
    return Files.readString(home.resolve(file));
  }

  @Test
  void everyModuleOfTheBuildIsInTheModuleMap() throws IOException {
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
    List<String> names = new ArrayList<>();
    while (modules.find()) {
      names.add(modules.group(1));
    }

    assertThat(names).isNotEmpty();
    String readme = read("README.md");
    for (String module : names) {
      assertThat(readme).as("README's module map").contains("| `" + module + "` |");
      assertThat(home.resolve(module).resolve("pom.xml")).exists();
    }
  }

  @Test
  void ciRunsTheTestCommandTheReadmeGives() throws IOException {
    assertThat(read("README.md")).contains("```sh\n./mvnw verify\n```");
    assertThat(read(".ci/run"))
        .containsPattern("(?m)^\\./mvnw (--[a-z-]+ )*verify$")
        .contains("etcd-server");
    assertThat(home.resolve(".ci/run")).isExecutable();
  }

  @Test
  void everyDocumentTheReadmeLinksToExists() throws IOException {
    Matcher links = Pattern.compile("\\]\\(([^)#:]+)\\)").matcher(read("README.md"));
    int count = 0;
    while (links.find()) {
      assertThat(home.resolve(links.group(1))).as("README link").exists();
      count++;
    }
    assertThat(count).isPositive();
  }
}
