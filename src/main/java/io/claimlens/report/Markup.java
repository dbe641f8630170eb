package io.claimlens.report;

/**
 * HTML built escape-by-default: {@link #text} and attribute values are escaped ({@link
 * Html#escape}); markup goes in as it is only from another builder or through {@link #trusted},
 * which names at its call site the markup the report writes itself (its CSS and SVG charts).
 *
 * <p>A child is printed when it is added, so it is complete by then; attributes may be added to an
 * element at any time, since they print in its start tag.
 */
final class Markup {
  private final String tag;
  private final boolean hasEndTag;
  private final StringBuilder attributes = new StringBuilder();
  private final StringBuilder content = new StringBuilder();

  private Markup(String tag, boolean hasEndTag) {
    this.tag = tag;
    this.hasEndTag = hasEndTag;
  }

  /** An element, {@code <tag>…</tag>}. */
  static Markup element(String tag) {
    return new Markup(tag, true);
  }

  /** An element without content or end tag, such as {@code <meta …>}. */
  static Markup voidElement(String tag) {
    return new Markup(tag, false);
  }

  /** Siblings without an element around them. */
  static Markup fragment() {
    return new Markup(null, false);
  }

  /** {@code html} as it is: only markup the report generates itself, never a data value. */
  static Markup trusted(String html) {
    Markup markup = fragment();
    markup.content.append(html);
    return markup;
  }

  /** An attribute, {@code name="value"}: the value escaped, numbers in Java's form, null as "". */
  Markup attr(String name, Object value) {
    if (tag == null) {
      throw new IllegalStateException("a fragment has no attributes: " + name);
    }
    attributes.append(Html.attr(name, value));
    return this;
  }

  /** The class attribute. */
  Markup cls(String classNames) {
    return attr("class", classNames);
  }

  /** Text, escaped; a number prints in Java's form. */
  Markup text(Object value) {
    return append(Html.escape(Html.raw(value)));
  }

  /** Children, in order. */
  Markup add(Markup... children) {
    for (Markup child : children) {
      append(child.toString());
    }
    return this;
  }

  /** Children, each on its own line of the page's source. */
  Markup line(Markup... children) {
    return add(children).newline();
  }

  /** A line break in the page's source. */
  Markup newline() {
    return append("\n");
  }

  private Markup append(String html) {
    if (tag != null && !hasEndTag) {
      throw new IllegalStateException("<" + tag + "> has no content");
    }
    content.append(html);
    return this;
  }

  @Override
  public String toString() {
    if (tag == null) {
      return content.toString();
    }
    String start = "<" + tag + attributes + ">";
    return hasEndTag ? start + content + "</" + tag + ">" : start;
  }
}
