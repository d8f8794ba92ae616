package dev.ecaprovisioner.provision;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaComponents;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.MetadataField;
import dev.ecaprovisioner.eca.Xml;
import dev.ecaprovisioner.eca.XmlElement;
import dev.ecaprovisioner.eca.XmlTreeReader;
import dev.ecaprovisioner.schema.EcaSchema;
import dev.ecaprovisioner.schema.FieldKind;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Writes ECA metadata source files, and edits existing ones so that only the elements that must change do.
 *
 * <p>The Metadata API expects a component's elements in the order of its XSD {@code sequence}, so every element this
 * class writes or inserts goes where {@link #elementOrder} puts it.
 *
 * <p>Edits work on the file's own text: the file is checked with {@link XmlTreeReader} (no DOCTYPE, no entity
 * declarations, well-formed), then read once more with Aalto for the character offset of every top-level element,
 * and only the text between those offsets is replaced. Comments, attributes, indentation, blank lines, line ends,
 * the XML declaration, a byte order mark and character references outside the changed elements stay as they were.
 */
public final class MetadataXml {
  private static final String INDENT = "    ";
  private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  private static final char BOM = '\uFEFF';
  /** Never written, never changed: the org issues them, and they are secrets or identify the app. */
  private static final Set<String> NEVER_WRITTEN = Set.of("consumerKey", "consumerSecret");

  /*
   * The Metadata API's element order for each type. The fields the force-metadata-api 62.0.0 stubs know are in the
   * order their generated writeFields methods write them, which is the WSDL's sequence (MetadataXmlTest checks the
   * two agree by serialising a stub with every field set). Fields added after API 62 are placed where the Metadata API
   * reference lists them, which for every older field is the WSDL order too:
   * - ExtlClntAppOauthConfigurablePolicies: guestJwtSessionTimeoutType after guestJwtTimeout, and
   *   namedUserJwtSessionTimeoutType after namedUserJwtTimeout (API 65), as
   *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappoauthconfigurablepolicies.htm
   *   lists them (not alphabetically, unlike the rest).
   * - ExtlClntAppConfigurablePolicies: isCanvasPluginEnabled (API 66) after isEnabled, and isSamlPluginEnabled
   *   (API 63) after isPushPluginEnabled, as the reference's field table and its sample definition put them:
   *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappconfigurablepolicies.htm
   * The inherited fullName comes first in the WSDL but source files leave it out, so it has no place here.
   */
  private static final Map<EcaType, List<String>> ORDER = new EnumMap<>(Map.of(
      EcaType.EXTERNAL_CLIENT_APPLICATION, List.of(
          "contactEmail", "contactPhone", "description", "distributionState", "iconUrl", "infoUrl", "isProtected",
          "label", "logoUrl", "managedType", "orgScopedExternalApp"),
      EcaType.OAUTH_SETTINGS, List.of(
          "areAttributesIncludedInAssetToken", "areCustomPermsIncludedInAssetToken", "assetTokenAudiences",
          "assetTokenSigningCertificate", "assetTokenValidity", "clientAssertionCertificate",
          "commaSeparatedCustomScopes", "commaSeparatedOauthScopes", "customAttributes", "externalClientApplication",
          "isFirstPartyAppEnabled", "label", "oauthLink", "singleLogoutUrl", "trustedIpRanges"),
      EcaType.GLOBAL_OAUTH_SETTINGS, List.of(
          "callbackUrl", "certificate", "consumerKey", "consumerSecret", "externalClientApplication", "idTokenConfig",
          "isClientCredentialsFlowEnabled", "isCodeCredFlowEnabled", "isCodeCredPostOnly", "isConsumerSecretOptional",
          "isDeviceFlowEnabled", "isIntrospectAllTokens", "isNamedUserJwtEnabled", "isPkceRequired",
          "isRefreshTokenRotationEnabled", "isSecretRequiredForRefreshToken", "isSecretRequiredForTokenExchange",
          "isTokenExchangeEnabled", "label", "shouldRotateConsumerKey", "shouldRotateConsumerSecret"),
      EcaType.OAUTH_POLICIES, List.of(
          "apexHandler", "clientCredentialsFlowUser", "commaSeparatedCustomScopes", "commaSeparatedPermissionSet",
          "commaSeparatedProfile", "customAttributes", "executeHandlerAs", "externalClientApplication",
          "guestJwtTimeout", "guestJwtSessionTimeoutType", "ipRelaxationPolicyType", "isClientCredentialsFlowEnabled",
          "isGuestCodeCredFlowEnabled", "isNamedUserJwtEnabled", "isTokenExchangeFlowEnabled", "label",
          "namedUserJwtTimeout", "namedUserJwtSessionTimeoutType", "permittedUsersPolicyType", "policyAction",
          "refreshTokenPolicyType", "refreshTokenValidityPeriod", "refreshTokenValidityUnit", "requiredSessionLevel",
          "sessionTimeoutInMinutes", "singleLogoutUrl", "startUrl"),
      EcaType.PLUGIN_POLICIES, List.of(
          "externalClientApplication", "isEnabled", "isCanvasPluginEnabled", "isMobilePluginEnabled",
          "isNotificationPluginEnabled", "isOauthPluginEnabled", "isPushPluginEnabled", "isSamlPluginEnabled",
          "label", "startPage", "startUrl")));

  private static final XMLInputFactory FACTORY = factory();

  private MetadataXml() {}

  /** Metadata API element order for the type's top-level elements (from the WSDL's sequence). */
  public static List<String> elementOrder(EcaType type) {
    return ORDER.get(type);
  }

  /**
   * A whole deployable source file for the component: XML declaration, root element in the metadata namespace,
   * top-level elements in Metadata API order, 4-space indentation, LF line ends, trailing newline, text escaped;
   * never a consumerKey or consumerSecret element.
   *
   * <p>A field this tool does not know (an org at a newer API version may send one) goes where its name falls
   * alphabetically among the known ones, which is where the WSDL puts nearly every field; repeated fields keep their
   * order, and the children of a complex field are written in the order the component holds them.
   */
  public static String write(EcaComponent component) {
    EcaType type = component.type();
    StringBuilder out = new StringBuilder(512);
    out.append(DECLARATION).append('\n');
    out.append('<').append(type.apiName()).append(" xmlns=\"").append(EcaType.METADATA_NAMESPACE).append("\">\n");
    component.fields().stream()
        .filter(f -> !NEVER_WRITTEN.contains(f.name()))
        .sorted(Comparator.comparingInt(f -> sortKey(type, f.name())))
        .forEach(f -> writeField(out, f, 1));
    out.append("</").append(type.apiName()).append(">\n");
    return out.toString();
  }

  /**
   * Edits one existing source file's text: each change sets (Optional.of(value)) or removes (Optional.empty()) one
   * top-level simple element; everything else stays byte for byte; a missing element is inserted where
   * elementOrder puts it. Throws BadInputException naming `origin` for text it cannot edit safely.
   *
   * <p>A change that is already true of the file (the element holds that value, or is absent and to be removed)
   * changes nothing, so a file that is already right comes back identical. An inserted element takes the file's own
   * indentation and line end.
   *
   * @throws BadInputException naming origin and line when the text is not well-formed, has a DOCTYPE, declares an
   *     encoding other than UTF-8, is not a {@code type} document in the metadata namespace, or a changed element
   *     appears twice, holds child elements, or holds a comment that setting a new value would lose
   * @throws IllegalArgumentException when a change names a consumer key or secret, a complex field, an element with
   *     no place in the element order, or a value XML cannot carry: mistakes of the caller, not of the file
   * @throws IllegalStateException when the edited text does not read back as asked, which would be a defect here
   */
  public static String edit(String text, String origin, EcaType type, Map<String, Optional<String>> changes) {
    checkChanges(type, changes);
    boolean bom = !text.isEmpty() && text.charAt(0) == BOM;
    String body = bom ? text.substring(1) : text;
    List<String> names = changes.keySet().stream()
        .sorted(Comparator.comparingInt((String n) -> sortKey(type, n)).thenComparing(Comparator.naturalOrder()))
        .toList();
    Set<String> changed = Set.copyOf(names);
    Layout layout = Layout.of(body, origin, type, changed);
    for (String name : names) {
      String edited = apply(layout, name, changes.get(name), origin, type);
      if (!edited.equals(layout.text)) {
        layout = Layout.of(edited, origin, type, changed);
      }
    }
    checkResult(layout.text, origin, type, changes);
    return bom ? BOM + layout.text : layout.text;
  }

  private static void checkChanges(EcaType type, Map<String, Optional<String>> changes) {
    for (Map.Entry<String, Optional<String>> change : changes.entrySet()) {
      String name = change.getKey();
      if (NEVER_WRITTEN.contains(name)) {
        throw new IllegalArgumentException("<" + name + "> is never written to a source file");
      }
      if (EcaSchema.field(type, name).map(f -> f.kind() == FieldKind.COMPLEX).orElse(false)) {
        throw new IllegalArgumentException("<" + name + "> has child elements; only simple elements are edited");
      }
      if (change.getValue().isPresent()) {
        String value = change.getValue().get();
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          if (c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF) {
            throw new IllegalArgumentException("the value for <" + name + "> holds a character XML cannot carry");
          }
        }
      }
    }
  }

  /** The edit of one element, on text whose layout is known. */
  private static String apply(Layout layout, String name, Optional<String> wanted, String origin, EcaType type) {
    String text = layout.text;
    List<Element> found = layout.children.stream().filter(e -> e.name.equals(name)).toList();
    if (found.size() > 1) {
      throw refusal(origin, found.get(1).line, "<" + name + "> appears more than once (first on line "
          + found.get(0).line + "), so it is not clear which to change; edit it by hand");
    }
    if (found.isEmpty()) {
      return wanted.map(value -> insert(layout, name, value, type)).orElse(text);
    }
    Element element = found.get(0);
    if (element.hasChildren) {
      throw refusal(origin, element.line, "<" + name + "> holds child elements; only simple elements are edited");
    }
    if (wanted.isEmpty()) {
      return remove(text, element);
    }
    String value = wanted.get();
    if (element.value.strip().equals(value.strip())) {
      return text;
    }
    if (element.hasComment) {
      throw refusal(origin, element.line, "<" + name + "> holds a comment or processing instruction, which an edit "
          + "would lose; edit it by hand");
    }
    if (element.selfClosing) {
      int close = text.lastIndexOf("/>", element.end);
      return text.substring(0, close) + ">" + Xml.escape(value) + "</" + element.qualifiedName + ">"
          + text.substring(element.end);
    }
    return text.substring(0, element.contentStart) + Xml.escape(value) + text.substring(element.contentEnd);
  }

  /** Removes the element's whole line when it stands alone on it, else just the element. */
  private static String remove(String text, Element element) {
    int lineStart = element.start;
    while (lineStart > 0 && isBlank(text.charAt(lineStart - 1))) {
      lineStart--;
    }
    boolean aloneBefore = lineStart == 0 || isLineBreak(text.charAt(lineStart - 1));
    int lineEnd = element.end;
    while (lineEnd < text.length() && isBlank(text.charAt(lineEnd))) {
      lineEnd++;
    }
    if (!aloneBefore || lineEnd < text.length() && !isLineBreak(text.charAt(lineEnd))) {
      return text.substring(0, element.start) + text.substring(element.end);
    }
    if (lineEnd < text.length()) {
      lineEnd += text.startsWith("\r\n", lineEnd) ? 2 : 1;
    }
    return text.substring(0, lineStart) + text.substring(lineEnd);
  }

  /**
   * Inserts the element between the last existing element that comes before it in the element order and the first
   * that comes after it, on a line of its own.
   */
  private static String insert(Layout layout, String name, String value, EcaType type) {
    if (!ORDER.get(type).contains(name)) {
      throw new IllegalArgumentException("<" + name + "> has no place in the element order of " + type.apiName());
    }
    String text = layout.text;
    int key = sortKey(type, name);
    String element = "<" + layout.qualify(name) + ">" + Xml.escape(value) + "</" + layout.qualify(name) + ">";
    String eol = layout.lineEnd;
    String indent = layout.indent;
    Element next = layout.children.stream().filter(e -> sortKey(type, e.name) > key).findFirst().orElse(null);
    int nextIndex = next == null ? layout.children.size() : layout.children.indexOf(next);
    Element previous = nextIndex == 0 ? null : layout.children.get(nextIndex - 1);
    if (previous != null) {
      int lineEnd = previous.end;
      while (lineEnd < text.length() && isBlank(text.charAt(lineEnd))) {
        lineEnd++;
      }
      if (lineEnd < text.length() && isLineBreak(text.charAt(lineEnd))) {
        return text.substring(0, lineEnd) + eol + indent + element + text.substring(lineEnd);
      }
    }
    if (next != null) {
      return text.substring(0, next.start) + element + eol + indent + text.substring(next.start);
    }
    if (previous != null) {
      return text.substring(0, previous.end) + eol + indent + element + text.substring(previous.end);
    }
    if (layout.rootSelfClosing) {
      int close = layout.rootEnd;
      return text.substring(0, close) + ">" + eol + indent + element + eol + "</" + layout.qualify(type.apiName())
          + ">" + text.substring(close + 2);
    }
    String content = text.substring(layout.rootContentStart, layout.rootContentEnd);
    boolean hasLineBreak = content.indexOf('\n') >= 0 || content.indexOf('\r') >= 0;
    return text.substring(0, layout.rootContentStart) + eol + indent + element + (hasLineBreak ? "" : eol)
        + text.substring(layout.rootContentStart);
  }

  /** Reads the edited text back and checks that it says what was asked: a guard against a wrong offset. */
  private static void checkResult(String text, String origin, EcaType type, Map<String, Optional<String>> changes) {
    EcaComponent component = EcaComponents.fromElement(type, parse(text, origin), "", origin);
    for (Map.Entry<String, Optional<String>> change : changes.entrySet()) {
      Optional<String> actual = component.value(change.getKey());
      Optional<String> expected = change.getValue().map(String::strip);
      if (!actual.equals(expected)) {
        throw new IllegalStateException("editing " + origin + " left <" + change.getKey() + "> "
            + actual.map(v -> "holding another value").orElse("missing"));
      }
    }
  }

  private static XmlElement parse(String text, String origin) {
    try {
      return XmlTreeReader.parse(text.getBytes(StandardCharsets.UTF_8));
    } catch (XmlTreeReader.XmlProblem e) {
      throw refusal(origin, e.line(), "malformed XML: " + e.getMessage());
    }
  }

  private static void writeField(StringBuilder out, MetadataField field, int depth) {
    out.append(INDENT.repeat(depth)).append('<').append(field.name()).append('>');
    if (field.children().isEmpty()) {
      out.append(Xml.escape(field.value()));
    } else {
      out.append('\n');
      field.children().forEach(child -> writeField(out, child, depth + 1));
      out.append(INDENT.repeat(depth));
    }
    out.append("</").append(field.name()).append(">\n");
  }

  /**
   * Where an element sorts: twice its index in the element order; an unknown name sorts just before the first known
   * name that follows it alphabetically.
   */
  private static int sortKey(EcaType type, String name) {
    List<String> order = ORDER.get(type);
    int index = order.indexOf(name);
    if (index >= 0) {
      return 2 * index;
    }
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i).compareTo(name) > 0) {
        return 2 * i - 1;
      }
    }
    return 2 * order.size() - 1;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r';
  }

  private static BadInputException refusal(String origin, int line, String problem) {
    return new BadInputException(line > 0 ? origin + ":" + line + ": " + problem : origin + ": " + problem);
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = new InputFactoryImpl();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    return factory;
  }

  /**
   * A top-level element and where it sits in the text: {@code start} is its {@code <}, {@code end} just past its end
   * tag, and its content runs from {@code contentStart} to {@code contentEnd}.
   */
  private record Element(
      String name, String qualifiedName, int line, int start, int contentStart, int contentEnd, int end,
      boolean selfClosing, boolean hasChildren, boolean hasComment, String value) {}

  /** The top-level elements of one text, and the file's own indentation and line end. */
  private static final class Layout {
    final String text;
    final String rootPrefix;
    final List<Element> children;
    final int rootContentStart;
    final int rootContentEnd;
    final boolean rootSelfClosing;
    /** For a self-closing root, the offset of its {@code />}. */
    final int rootEnd;
    final String indent;
    final String lineEnd;

    private Layout(String text, String rootPrefix, List<Element> children, int rootContentStart, int rootContentEnd,
        boolean rootSelfClosing, int rootEnd) {
      this.text = text;
      this.rootPrefix = rootPrefix;
      this.children = List.copyOf(children);
      this.rootContentStart = rootContentStart;
      this.rootContentEnd = rootContentEnd;
      this.rootSelfClosing = rootSelfClosing;
      this.rootEnd = rootEnd;
      this.indent = indentOf(text, children);
      this.lineEnd = lineEndOf(text);
    }

    String qualify(String name) {
      return rootPrefix.isEmpty() ? name : rootPrefix + ":" + name;
    }

    /**
     * Checks the text as the project's reader does, then finds its top-level elements. Only the text of the elements
     * named in {@code changed} is asked of the parser, so a secret's content is never decoded.
     */
    static Layout of(String text, String origin, EcaType type, Set<String> changed) {
      XmlElement root = parse(text, origin);
      if (!root.localName().equals(type.apiName())) {
        throw refusal(origin, root.line(), "root element <" + root.localName() + "> but a " + type.suffix()
            + " file must hold <" + type.apiName() + ">");
      }
      if (!root.namespace().equals(EcaType.METADATA_NAMESPACE)) {
        throw refusal(origin, root.line(), "root element is not in the Metadata API namespace "
            + EcaType.METADATA_NAMESPACE);
      }
      XMLStreamReader reader = null;
      try {
        reader = FACTORY.createXMLStreamReader(new StringReader(text));
        String encoding = reader.getCharacterEncodingScheme();
        if (encoding != null && !encoding.equalsIgnoreCase("UTF-8") && !encoding.equalsIgnoreCase("UTF8")) {
          throw refusal(origin, 1, "declares the encoding " + encoding + "; only UTF-8 files are edited, as the "
              + "Salesforce CLI writes them");
        }
        return scan(reader, text, changed);
      } catch (XMLStreamException e) {
        throw refusal(origin, e.getLocation() == null ? 0 : e.getLocation().getLineNumber(),
            "malformed XML: " + e.getMessage().lines().findFirst().orElse(""));
      } finally {
        if (reader != null) {
          try {
            reader.close();
          } catch (XMLStreamException e) {
            // Closing a reader over a string frees nothing that matters.
          }
        }
      }
    }

    private static Layout scan(XMLStreamReader reader, String text, Set<String> changed) throws XMLStreamException {
      int event = reader.next();
      while (event != XMLStreamConstants.START_ELEMENT) {
        event = reader.next();
      }
      String rootPrefix = orEmpty(reader.getPrefix());
      // Aalto places the root's start where the whitespace before it starts; the event after it is exact.
      int rootReported = offset(reader);
      event = reader.next();
      int contentStart = offset(reader);
      List<Element> children = new ArrayList<>();
      while (event != XMLStreamConstants.END_ELEMENT) {
        if (event == XMLStreamConstants.START_ELEMENT) {
          ElementScan scan = element(reader, changed);
          children.add(scan.element);
          event = scan.nextEvent;
        } else {
          event = reader.next();
        }
      }
      int contentEnd = offset(reader);
      boolean selfClosing = contentEnd == rootReported;
      int rootEnd = -1;
      if (selfClosing) {
        reader.next();
        int after = offset(reader);
        rootEnd = after;
        while (rootEnd > 0 && Character.isWhitespace(text.charAt(rootEnd - 1))) {
          rootEnd--;
        }
        rootEnd -= 2;
        contentStart = rootEnd;
        contentEnd = rootEnd;
      }
      return new Layout(text, rootPrefix, children, contentStart, contentEnd, selfClosing, rootEnd);
    }

    /** Reads one top-level element from its start tag through its end tag, and the event after it. */
    private static ElementScan element(XMLStreamReader reader, Set<String> changed) throws XMLStreamException {
      String name = reader.getLocalName();
      String prefix = orEmpty(reader.getPrefix());
      int line = reader.getLocation().getLineNumber();
      int start = offset(reader);
      boolean keepText = changed.contains(name);
      int event = reader.next();
      int contentStart = offset(reader);
      boolean selfClosing = event == XMLStreamConstants.END_ELEMENT && contentStart == start;
      boolean hasChildren = false;
      boolean hasComment = false;
      StringBuilder value = new StringBuilder();
      int depth = 0;
      while (!(event == XMLStreamConstants.END_ELEMENT && depth == 0)) {
        switch (event) {
          case XMLStreamConstants.START_ELEMENT -> {
            hasChildren = true;
            depth++;
          }
          case XMLStreamConstants.END_ELEMENT -> depth--;
          case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> hasComment = true;
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            if (keepText && depth == 0) {
              value.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
            }
          }
          default -> {
            // Nothing else can appear inside an element of a document without a DOCTYPE.
          }
        }
        event = reader.next();
      }
      int contentEnd = selfClosing ? contentStart : offset(reader);
      int nextEvent = reader.next();
      int end = offset(reader);
      String qualifiedName = prefix.isEmpty() ? name : prefix + ":" + name;
      return new ElementScan(new Element(name, qualifiedName, line, start, contentStart, contentEnd, end, selfClosing,
          hasChildren, hasComment, value.toString()), nextEvent);
    }

    private static int offset(XMLStreamReader reader) {
      return reader.getLocation().getCharacterOffset();
    }

    /** The leading whitespace of the first top-level element that starts its own line; four spaces if none does. */
    private static String indentOf(String text, List<Element> children) {
      for (Element child : children) {
        int i = child.start;
        while (i > 0 && isBlank(text.charAt(i - 1))) {
          i--;
        }
        if (i < child.start && (i == 0 || isLineBreak(text.charAt(i - 1)))) {
          return text.substring(i, child.start);
        }
      }
      return INDENT;
    }

    /** The file's first line end; LF if it has none. */
    private static String lineEndOf(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\r') {
          return i + 1 < text.length() && text.charAt(i + 1) == '\n' ? "\r\n" : "\r";
        }
        if (c == '\n') {
          return "\n";
        }
      }
      return "\n";
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }
  }

  private record ElementScan(Element element, int nextEvent) {}
}
