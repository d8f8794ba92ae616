package dev.ecaprovisioner.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sforce.ws.bind.TypeMapper;
import com.sforce.ws.parser.XmlOutputStream;
import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaComponents;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import dev.ecaprovisioner.eca.XmlElement;
import dev.ecaprovisioner.eca.XmlTreeReader;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.FieldSpec;
import dev.ecaprovisioner.source.SourceTreeReader;
import dev.ecaprovisioner.testing.RepositoryPaths;
import dev.ecaprovisioner.testing.TestSecrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MetadataXmlTest {
  /** One folder a case: before.xml, changes.txt, and after.xml (the exact result) or error.txt (the refusal). */
  static final Path CASES = Path.of("src/test/resources/provision/source-edit");
  static final Path TEMPLATE = RepositoryPaths.repositoryRoot().resolve("force-app/main/default");

  /** The template's component of that type, as the source reader reads it. */
  static EcaComponent template(EcaType type) throws IOException {
    try (Stream<Path> files = Files.list(TEMPLATE.resolve(type.directory()))) {
      Path file = files.filter(p -> p.getFileName().toString().endsWith(type.suffix())).findFirst().orElseThrow();
      return EcaComponents.readSourceFile(file);
    }
  }

  static EcaComponent read(EcaType type, String text) throws Exception {
    return EcaComponents.fromElement(type, XmlTreeReader.parse(text.getBytes(StandardCharsets.UTF_8)), "", "test");
  }

  /** A field without its line, which differs between a file and what was written from it. */
  static String shape(MetadataField field) {
    return field.name() + "=" + (field.children().isEmpty() ? field.value()
        : field.children().stream().map(MetadataXmlTest::shape).toList().toString());
  }

  static List<String> shapes(EcaComponent component) {
    return component.fields().stream().map(MetadataXmlTest::shape).toList();
  }

  @Nested
  class The_element_order {
    @ParameterizedTest
    @EnumSource(EcaType.class)
    void gives_every_schema_field_a_place_and_names_none_twice(EcaType type) {
      List<String> order = MetadataXml.elementOrder(type);
      assertThat(order).doesNotHaveDuplicates();
      assertThat(order).containsAll(EcaSchema.fields(type).stream().map(FieldSpec::name).toList());
    }

    /**
     * The v62 stubs write a component's fields in the WSDL's sequence: serialise one with every field set and read
     * the order back.
     */
    @ParameterizedTest
    @EnumSource(EcaType.class)
    void agrees_with_the_metadata_api_stubs_for_every_field_they_know(EcaType type) throws Exception {
      List<String> stubOrder = stubOrder(type);
      assertThat(stubOrder).isNotEmpty();
      List<String> ours = MetadataXml.elementOrder(type).stream().filter(stubOrder::contains).toList();
      assertThat(ours).isEqualTo(stubOrder);
    }

    @Test
    void places_the_fields_newer_than_the_stubs_where_the_reference_lists_them() {
      List<String> policies = MetadataXml.elementOrder(EcaType.OAUTH_POLICIES);
      assertThat(policies.indexOf("namedUserJwtSessionTimeoutType"))
          .isEqualTo(policies.indexOf("namedUserJwtTimeout") + 1);
      List<String> plugins = MetadataXml.elementOrder(EcaType.PLUGIN_POLICIES);
      assertThat(plugins.indexOf("isCanvasPluginEnabled")).isEqualTo(plugins.indexOf("isEnabled") + 1);
    }

    private List<String> stubOrder(EcaType type) throws Exception {
      Object stub = Class.forName("com.sforce.soap.metadata." + type.apiName()).getConstructor().newInstance();
      for (Method setter : stub.getClass().getMethods()) {
        if (setter.getName().startsWith("set") && setter.getParameterCount() == 1
            && !setter.getName().equals("setFullName")) {
          setter.invoke(stub, sample(setter.getParameterTypes()[0]));
        }
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      XmlOutputStream out = new XmlOutputStream(bytes, false);
      out.startDocument();
      stub.getClass().getMethod("write", QName.class, XmlOutputStream.class, TypeMapper.class)
          .invoke(stub, new QName(EcaType.METADATA_NAMESPACE, type.apiName()), out, new TypeMapper());
      out.endDocument();
      out.close();
      List<String> names = new ArrayList<>();
      for (XmlElement child : XmlTreeReader.parse(bytes.toByteArray()).children()) {
        if (names.isEmpty() || !names.get(names.size() - 1).equals(child.localName())) {
          names.add(child.localName());
        }
      }
      return names;
    }

    private Object sample(Class<?> kind) throws Exception {
      if (kind == String.class) {
        return "x";
      }
      if (kind == boolean.class || kind == Boolean.class) {
        return true;
      }
      if (kind == int.class || kind == Integer.class) {
        return 1;
      }
      if (kind.isEnum()) {
        return kind.getEnumConstants()[0];
      }
      if (kind.isArray()) {
        Object array = Array.newInstance(kind.getComponentType(), 1);
        Array.set(array, 0, sample(kind.getComponentType()));
        return array;
      }
      return kind.getConstructor().newInstance();
    }
  }

  @Nested
  class Writing_a_whole_file {
    @ParameterizedTest
    @EnumSource(EcaType.class)
    void reads_back_as_the_template_component_it_was_written_from(EcaType type) throws Exception {
      EcaComponent component = template(type);
      String written = MetadataXml.write(component);
      EcaComponent back = read(type, written);
      assertThat(shapes(back)).containsExactlyInAnyOrderElementsOf(shapes(component));
      List<String> order = MetadataXml.elementOrder(type);
      assertThat(back.fields()).extracting(MetadataField::name).isSortedAccordingTo(
          (a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
    }

    @Test
    void is_a_tree_the_source_reader_reads_back_app_by_app(@TempDir Path project) throws Exception {
      Map<EcaType, EcaComponent> components = new LinkedHashMap<>();
      for (EcaType type : EcaType.values()) {
        EcaComponent component = template(type);
        components.put(type, component);
        Path file = project.resolve("force-app/main/default").resolve(type.directory())
            .resolve(component.fullName() + type.suffix());
        Files.createDirectories(file.getParent());
        Files.writeString(file, MetadataXml.write(component));
      }
      List<EcaApp> apps = SourceTreeReader.read(List.of(project.resolve("force-app")));
      assertThat(apps).singleElement().satisfies(app -> {
        assertThat(app.name()).isEqualTo("Copilot_Studio_MCP");
        for (EcaType type : EcaType.values()) {
          assertThat(shapes(app.component(type).orElseThrow()))
              .containsExactlyInAnyOrderElementsOf(shapes(components.get(type)));
        }
      });
    }

    @Test
    void has_a_declaration_the_metadata_namespace_four_space_indents_and_a_final_line_end() throws Exception {
      String written = MetadataXml.write(template(EcaType.PLUGIN_POLICIES));
      assertThat(written).isEqualTo("""
          <?xml version="1.0" encoding="UTF-8"?>
          <ExtlClntAppConfigurablePolicies xmlns="http://soap.sforce.com/2006/04/metadata">
              <externalClientApplication>Copilot_Studio_MCP</externalClientApplication>
              <isEnabled>true</isEnabled>
              <isOauthPluginEnabled>true</isOauthPluginEnabled>
              <label>Copilot Studio MCP policies</label>
          </ExtlClntAppConfigurablePolicies>
          """);
    }

    @Test
    void puts_the_elements_in_metadata_api_order_whatever_order_the_component_holds() {
      EcaComponent component = new EcaComponent(EcaType.OAUTH_POLICIES, "A_oauthPlcy", "A", "test", List.of(
          MetadataField.simple("refreshTokenPolicyType", "Infinite", 0),
          MetadataField.simple("namedUserJwtSessionTimeoutType", "Custom", 0),
          MetadataField.simple("namedUserJwtTimeout", "60", 0),
          MetadataField.simple("externalClientApplication", "A", 0),
          MetadataField.simple("commaSeparatedPermissionSet", "0PS000000000001AAA", 0)));
      assertThat(MetadataXml.write(component).lines().map(String::strip).toList()).containsSubsequence(
          "<commaSeparatedPermissionSet>0PS000000000001AAA</commaSeparatedPermissionSet>",
          "<externalClientApplication>A</externalClientApplication>",
          "<namedUserJwtTimeout>60</namedUserJwtTimeout>",
          "<namedUserJwtSessionTimeoutType>Custom</namedUserJwtSessionTimeoutType>",
          "<refreshTokenPolicyType>Infinite</refreshTokenPolicyType>");
    }

    @Test
    void places_a_field_it_does_not_know_alphabetically_among_the_known_ones() {
      EcaComponent component = new EcaComponent(EcaType.PLUGIN_POLICIES, "A_plcy", "A", "test", List.of(
          MetadataField.simple("label", "A", 0),
          MetadataField.simple("isApiPluginEnabled", "true", 0),
          MetadataField.simple("externalClientApplication", "A", 0)));
      assertThat(MetadataXml.write(component).lines().map(String::strip).toList()).containsSubsequence(
          "<externalClientApplication>A</externalClientApplication>",
          "<isApiPluginEnabled>true</isApiPluginEnabled>",
          "<label>A</label>");
    }

    @Test
    void escapes_text_and_writes_repeated_and_nested_fields_indented() throws Exception {
      EcaComponent component = new EcaComponent(EcaType.OAUTH_SETTINGS, "A_oauth", "A", "test", List.of(
          MetadataField.simple("label", "Sales & Service <MCP> \"quoted\"", 0),
          new MetadataField("trustedIpRanges", null, 0, List.of(
              MetadataField.simple("endIpAddress", "10.0.0.255", 0),
              MetadataField.simple("startIpAddress", "10.0.0.1", 0))),
          new MetadataField("trustedIpRanges", null, 0, List.of(
              MetadataField.simple("endIpAddress", "10.0.1.255", 0),
              MetadataField.simple("startIpAddress", "10.0.1.1", 0))),
          MetadataField.simple("externalClientApplication", "A", 0)));
      String written = MetadataXml.write(component);
      assertThat(written).contains("    <label>Sales &amp; Service &lt;MCP&gt; &quot;quoted&quot;</label>\n")
          .contains("""
                  <trustedIpRanges>
                      <endIpAddress>10.0.0.255</endIpAddress>
                      <startIpAddress>10.0.0.1</startIpAddress>
                  </trustedIpRanges>
                  <trustedIpRanges>
                      <endIpAddress>10.0.1.255</endIpAddress>
              """);
      assertThat(shapes(read(EcaType.OAUTH_SETTINGS, written))).containsExactlyInAnyOrderElementsOf(shapes(component));
    }

    @Test
    void never_writes_a_consumer_key_or_secret() {
      String key = "3MVG9" + UUID.randomUUID().toString().replace("-", "");
      String secret = UUID.randomUUID().toString().replace("-", "").toUpperCase();
      EcaComponent component = new EcaComponent(EcaType.GLOBAL_OAUTH_SETTINGS, "A_glbloauth", "A", "test", List.of(
          MetadataField.simple("callbackUrl", "https://a.example/cb", 0),
          MetadataField.simple("consumerKey", key, 0),
          MetadataField.simple("consumerSecret", secret, 0),
          MetadataField.simple("externalClientApplication", "A", 0)));
      String written = MetadataXml.write(component);
      assertThat(written).doesNotContain(key).doesNotContain(secret).doesNotContain("consumerKey")
          .doesNotContain("consumerSecret").contains("<callbackUrl>https://a.example/cb</callbackUrl>");
    }
  }

  @Nested
  class Editing_a_file {
    static Stream<String> cases() throws IOException {
      try (Stream<Path> dirs = Files.list(CASES)) {
        return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
      }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gives_the_golden_result(String name) throws Exception {
      Path dir = CASES.resolve(name);
      String before = Files.readString(dir.resolve("before.xml"));
      Case change = Case.parse(Files.readString(dir.resolve("changes.txt")));
      String origin = name + "/before.xml";
      if (Files.exists(dir.resolve("error.txt"))) {
        assertThatThrownBy(() -> MetadataXml.edit(before, origin, change.type, change.changes))
            .isInstanceOf(BadInputException.class)
            .hasMessage(Files.readString(dir.resolve("error.txt")).strip());
        return;
      }
      String after = MetadataXml.edit(before, origin, change.type, change.changes);
      assertThat(after).isEqualTo(Files.readString(dir.resolve("after.xml")));
      assertThat(MetadataXml.edit(after, origin, change.type, change.changes))
          .as("a second edit with the same changes").isEqualTo(after);
      EcaComponent edited = read(change.type, after);
      change.changes.forEach((field, value) -> assertThat(edited.value(field)).as(field).isEqualTo(value));
    }

    @Test
    void leaves_a_file_whose_values_are_already_right_identical_byte_for_byte() throws Exception {
      Path file = TEMPLATE.resolve("extlClntAppGlobalOauthSets/Copilot_Studio_MCP_glbloauth.ecaGlblOauth-meta.xml");
      String text = Files.readString(file);
      Map<String, Optional<String>> changes = new LinkedHashMap<>();
      for (MetadataField field : EcaComponents.readSourceFile(file).fields()) {
        changes.put(field.name(), Optional.of(field.value()));
      }
      changes.put("isCodeCredFlowEnabled", Optional.empty());
      assertThat(MetadataXml.edit(text, file.toString(), EcaType.GLOBAL_OAUTH_SETTINGS, changes)).isEqualTo(text);
    }

    @Test
    void fills_an_empty_root_and_opens_a_self_closing_one() {
      String ns = "xmlns=\"" + EcaType.METADATA_NAMESPACE + "\"";
      Map<String, Optional<String>> changes = Map.of("isEnabled", Optional.of("true"));
      assertThat(MetadataXml.edit("<ExtlClntAppConfigurablePolicies " + ns + "/>\n", "a", EcaType.PLUGIN_POLICIES,
          changes)).isEqualTo("<ExtlClntAppConfigurablePolicies " + ns + ">\n    <isEnabled>true</isEnabled>\n"
              + "</ExtlClntAppConfigurablePolicies>\n");
      assertThat(MetadataXml.edit("<ExtlClntAppConfigurablePolicies " + ns + "></ExtlClntAppConfigurablePolicies>",
          "a", EcaType.PLUGIN_POLICIES, changes)).isEqualTo("<ExtlClntAppConfigurablePolicies " + ns
              + ">\n    <isEnabled>true</isEnabled>\n</ExtlClntAppConfigurablePolicies>");
      assertThat(MetadataXml.edit("<ExtlClntAppConfigurablePolicies " + ns + ">\r\n  <!-- none yet -->\r\n"
          + "</ExtlClntAppConfigurablePolicies>", "a", EcaType.PLUGIN_POLICIES, changes))
          .isEqualTo("<ExtlClntAppConfigurablePolicies " + ns + ">\r\n    <isEnabled>true</isEnabled>\r\n"
              + "  <!-- none yet -->\r\n</ExtlClntAppConfigurablePolicies>");
    }

    @Test
    void writes_inserted_elements_with_the_prefix_the_root_uses() throws Exception {
      String text = "<md:ExtlClntAppConfigurablePolicies xmlns:md=\"" + EcaType.METADATA_NAMESPACE + "\">\n"
          + "    <md:isEnabled>true</md:isEnabled>\n</md:ExtlClntAppConfigurablePolicies>\n";
      String edited = MetadataXml.edit(text, "a", EcaType.PLUGIN_POLICIES,
          Map.of("label", Optional.of("A"), "isEnabled", Optional.of("false")));
      assertThat(edited).isEqualTo("<md:ExtlClntAppConfigurablePolicies xmlns:md=\"" + EcaType.METADATA_NAMESPACE
          + "\">\n    <md:isEnabled>false</md:isEnabled>\n    <md:label>A</md:label>\n"
          + "</md:ExtlClntAppConfigurablePolicies>\n");
    }

    @Test
    void fills_a_self_closing_element_and_removes_one_that_shares_its_line() {
      String ns = "xmlns=\"" + EcaType.METADATA_NAMESPACE + "\"";
      String text = "<ExtlClntAppConfigurablePolicies " + ns + "><isEnabled /><label>A</label>"
          + "<startPage>None</startPage></ExtlClntAppConfigurablePolicies>";
      assertThat(MetadataXml.edit(text, "a", EcaType.PLUGIN_POLICIES,
          Map.of("isEnabled", Optional.of("true"), "label", Optional.empty())))
          .isEqualTo("<ExtlClntAppConfigurablePolicies " + ns + "><isEnabled >true</isEnabled>"
              + "<startPage>None</startPage></ExtlClntAppConfigurablePolicies>");
    }

    @Test
    void inserts_before_the_next_element_when_a_comment_follows_the_one_before_on_its_line() {
      String ns = "xmlns=\"" + EcaType.METADATA_NAMESPACE + "\"";
      String text = "<ExtlClntAppConfigurablePolicies " + ns + ">\n    <isEnabled>true</isEnabled> <!-- on -->\n"
          + "    <label>A</label>\n</ExtlClntAppConfigurablePolicies>\n";
      assertThat(MetadataXml.edit(text, "a", EcaType.PLUGIN_POLICIES, Map.of("isOauthPluginEnabled",
          Optional.of("true")))).isEqualTo("<ExtlClntAppConfigurablePolicies " + ns + ">\n"
              + "    <isEnabled>true</isEnabled> <!-- on -->\n    <isOauthPluginEnabled>true</isOauthPluginEnabled>\n"
              + "    <label>A</label>\n</ExtlClntAppConfigurablePolicies>\n");
    }

    @Test
    void refuses_a_change_to_a_consumer_key_or_secret_a_complex_field_or_an_element_without_a_place() {
      String text = MetadataXml.write(new EcaComponent(EcaType.GLOBAL_OAUTH_SETTINGS, "A", "A", "t", List.of()));
      for (String secretField : List.of("consumerKey", "consumerSecret")) {
        assertThatThrownBy(() -> MetadataXml.edit(text, "a", EcaType.GLOBAL_OAUTH_SETTINGS,
            Map.of(secretField, Optional.of("v")))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(secretField).hasMessageNotContaining("v\"");
      }
      assertThatThrownBy(() -> MetadataXml.edit(text, "a", EcaType.GLOBAL_OAUTH_SETTINGS,
          Map.of("idTokenConfig", Optional.of("v")))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> MetadataXml.edit(text, "a", EcaType.GLOBAL_OAUTH_SETTINGS,
          Map.of("isSomethingNew", Optional.of("true")))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no place");
      assertThatThrownBy(() -> MetadataXml.edit(text, "a", EcaType.GLOBAL_OAUTH_SETTINGS,
          Map.of("label", Optional.of("a\u0001b")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void edits_a_file_that_holds_a_consumer_secret_without_the_secret_reaching_a_refusal() throws Exception {
      String secret = UUID.randomUUID().toString().replace("-", "");
      String text = TestSecrets.fill("""
          <?xml version="1.0" encoding="UTF-8"?>
          <ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">
              <callbackUrl>https://a.example/cb</callbackUrl>
              <!-- consumer secret -->
              <isPkceRequired>false</isPkceRequired>
              <isPkceRequired>false</isPkceRequired>
          </ExtlClntAppGlobalOauthSettings>
          """, secret);
      String edited = MetadataXml.edit(text, "a", EcaType.GLOBAL_OAUTH_SETTINGS,
          Map.of("callbackUrl", Optional.of("https://b.example/cb")));
      assertThat(edited).isEqualTo(text.replace("https://a.example/cb", "https://b.example/cb"));
      assertThatThrownBy(() -> MetadataXml.edit(text, "a", EcaType.GLOBAL_OAUTH_SETTINGS,
          Map.of("isPkceRequired", Optional.of("true")))).isInstanceOf(BadInputException.class)
          .hasMessageStartingWith("a:6: ").hasMessageNotContaining(secret);
    }
  }

  /**
   * Random change sets over the shipped template's files, written in several ways (LF, CRLF, tabs, a byte order mark,
   * comments between elements): reading the result gives exactly the requested values and every other field as it
   * was, and the lines of the elements that were not changed are the same lines, byte for byte, in the same order.
   * The build runs 400 rounds; {@code -Dsource.edit.rounds=N} runs more.
   */
  @Nested
  class Random_change_sets {
    static final int ROUNDS = Integer.getInteger("source.edit.rounds", 400);
    static final String TRICKY = "a&b<c>d\"e'f \u00e9\u2713 https://x.example/cb?p=1&q=2";

    @Test
    void set_and_remove_exactly_the_requested_elements_and_leave_every_other_line_as_it_was() throws Exception {
      java.util.Random random = new java.util.Random(20261201L);
      EcaType[] types = EcaType.values();
      int inserted = 0;
      int removed = 0;
      int set = 0;
      for (int round = 0; round < ROUNDS; round++) {
        EcaType type = types[random.nextInt(types.length)];
        String text = variant(Files.readString(templateFile(type)), random.nextInt(5));
        EcaComponent before = read(type, text);
        Map<String, Optional<String>> changes = randomChanges(type, random);
        String after = MetadataXml.edit(text, "round " + round, type, changes);

        EcaComponent edited = read(type, after);
        for (Map.Entry<String, Optional<String>> change : changes.entrySet()) {
          assertThat(edited.value(change.getKey())).as("round %d %s", round, change.getKey())
              .isEqualTo(change.getValue());
          boolean present = before.value(change.getKey()).isPresent();
          if (change.getValue().isEmpty() && present) {
            removed++;
          } else if (change.getValue().isPresent() && !present) {
            inserted++;
          } else if (change.getValue().isPresent()) {
            set++;
          }
        }
        List<String> untouchedBefore = before.fields().stream().filter(f -> !changes.containsKey(f.name()))
            .map(MetadataXmlTest::shape).toList();
        List<String> untouchedAfter = edited.fields().stream().filter(f -> !changes.containsKey(f.name()))
            .map(MetadataXmlTest::shape).toList();
        assertThat(untouchedAfter).as("round %d", round).isEqualTo(untouchedBefore);
        assertThat(withoutLinesOf(after, changes.keySet())).as("round %d", round)
            .isEqualTo(withoutLinesOf(text, changes.keySet()));
        assertThat(MetadataXml.edit(after, "round " + round, type, changes)).as("round %d again", round)
            .isEqualTo(after);
      }
      System.out.printf("MetadataXml random edits: %d rounds, %d elements inserted, %d removed, %d set in place%n",
          ROUNDS, inserted, removed, set);
      assertThat(inserted).isGreaterThan(ROUNDS);
      assertThat(removed).isGreaterThan(ROUNDS / 10);
      assertThat(set).isGreaterThan(ROUNDS / 10);
    }

    private Path templateFile(EcaType type) throws IOException {
      try (Stream<Path> files = Files.list(TEMPLATE.resolve(type.directory()))) {
        return files.filter(p -> p.getFileName().toString().endsWith(type.suffix())).findFirst().orElseThrow();
      }
    }

    /** The file as written, or with CRLF, tabs, a byte order mark, or a comment before every element. */
    private String variant(String text, int kind) {
      return switch (kind) {
        case 1 -> text.replace("\n", "\r\n");
        case 2 -> text.replace("\n    <", "\n\t<");
        case 3 -> "\uFEFF" + text;
        case 4 -> text.replace("\n    <", "\n    <!-- note -->\n    <");
        default -> text;
      };
    }

    private Map<String, Optional<String>> randomChanges(EcaType type, java.util.Random random) {
      List<FieldSpec> editable = EcaSchema.fields(type).stream()
          .filter(f -> f.kind() != dev.ecaprovisioner.schema.FieldKind.COMPLEX)
          .filter(f -> !f.name().startsWith("consumer"))
          .toList();
      Map<String, Optional<String>> changes = new LinkedHashMap<>();
      int count = 1 + random.nextInt(Math.min(6, editable.size()));
      for (int i = 0; i < count; i++) {
        FieldSpec field = editable.get(random.nextInt(editable.size()));
        changes.put(field.name(), random.nextInt(4) == 0 ? Optional.empty() : Optional.of(value(field, random)));
      }
      return changes;
    }

    private String value(FieldSpec field, java.util.Random random) {
      return switch (field.kind()) {
        case BOOLEAN -> random.nextBoolean() ? "true" : "false";
        case ENUM -> field.allowedValues().get(random.nextInt(field.allowedValues().size()));
        case INTEGER -> field.allowedValues().isEmpty() ? Integer.toString(random.nextInt(100_000))
            : field.allowedValues().get(random.nextInt(field.allowedValues().size()));
        case SCOPE_LIST -> random.nextBoolean() ? "Api, RefreshToken, OpenID, SFApiPlatform, MCP" : "Api";
        case STRING, COMPLEX -> TRICKY.substring(random.nextInt(TRICKY.length() - 1)).strip() + random.nextInt(10);
      };
    }

    /** The text without the lines holding any of the named elements: what an edit may not touch. */
    private String withoutLinesOf(String text, java.util.Set<String> names) {
      String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
      return body.lines()
          .filter(line -> names.stream().noneMatch(n -> line.contains("<" + n + ">") || line.contains("<" + n + "/>")))
          .collect(java.util.stream.Collectors.joining("\n", text.startsWith("\uFEFF") ? "BOM\n" : "", "\n"))
          + (text.contains("\r\n") ? "CRLF" : "");
    }
  }

  /** A changes.txt: {@code type API_NAME}, then {@code set NAME VALUE} and {@code remove NAME} lines. */
  record Case(EcaType type, Map<String, Optional<String>> changes) {
    static Case parse(String text) {
      EcaType type = null;
      Map<String, Optional<String>> changes = new LinkedHashMap<>();
      for (String line : text.lines().toList()) {
        String[] words = line.split(" ", 3);
        switch (words[0]) {
          case "type" -> type = EcaType.byApiName(words[1]).orElseThrow();
          case "set" -> changes.put(words[1], Optional.of(words[2]));
          case "remove" -> changes.put(words[1], Optional.empty());
          default -> throw new IllegalArgumentException("changes.txt: cannot read the line: " + line);
        }
      }
      return new Case(type, changes);
    }
  }
}
