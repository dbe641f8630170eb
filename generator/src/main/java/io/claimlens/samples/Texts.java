package io.claimlens.samples;

import io.claimlens.schema.Claims;

/**
 * Free-text fields written by buyers: claim comments and feedback comments. They are personal data,
 * and some deliberately carry a (fictitious) name, e-mail address or phone number, so a check that
 * no output copies them has something to find.
 */
final class Texts {
  private static final String[] NAMES = {
    "Jane Doe",
    "John Roe",
    "Erika Mustermann",
    "Max Mustermann",
    "Taro Yamada",
    "Hanako Suzuki",
    "Alex Example",
    "Sam Sample"
  };

  private Texts() {}

  /** A buyer's comment on a claim of reason {@code reason}, or null (none given). */
  static String claimComment(Claims.Reason reason, Dice dice) {
    if (dice.chance(0.15)) {
      return null;
    }
    String text;
    switch (reason) {
      case ITEM_NOT_RECEIVED:
        text =
            dice.pick(
                "Package never arrived.",
                "Tracking has not moved for a week.",
                "It says delivered but nothing was at my door.",
                "Still waiting, the delivery date passed days ago.");
        break;
      case NOT_AS_DESCRIBED:
        text =
            dice.pick(
                "Looks nothing like the pictures.",
                "Wrong size, the listing says otherwise.",
                "Material is cheap plastic, not metal as described.");
        break;
      case DAMAGED:
        text = dice.pick("Box was crushed and the item is broken.", "Arrived cracked.");
        break;
      case DEFECTIVE:
        text = dice.pick("Stopped working after two days.", "Does not turn on.");
        break;
      case MISSING_PARTS:
        text = dice.pick("Screws and manual missing.", "Only one of the two pieces was inside.");
        break;
      case WRONG_ITEM:
        text = dice.pick("Received a completely different product.", "Wrong colour sent.");
        break;
      case REFUND_NOT_RECEIVED:
        text =
            dice.pick(
                "Returned it weeks ago, still no refund.",
                "Carrier confirms the return was delivered, where is my money?");
        break;
      case RETURN_REFUSED:
        text = dice.pick("Seller refuses my return.", "Return request rejected without reason.");
        break;
      default:
        text = dice.pick("Seller does not answer my messages.", "Charged twice.");
        break;
    }
    return withContact(text, dice);
  }

  /** A feedback comment matching {@code rating}, or null (none given). */
  static String feedbackComment(int rating, Dice dice) {
    if (dice.chance(0.25)) {
      return null;
    }
    String text;
    if (rating <= 2) {
      text =
          dice.pick(
              "Terrible seller, never again.",
              "Arrived late and damaged.",
              "Product is fine but the delivery took forever.",
              "No answer to my messages.");
    } else if (rating == 3) {
      text = dice.pick("OK, nothing special.", "Took a while but arrived.");
    } else {
      text = dice.pick("Fast shipping, great seller!", "As described, thank you.", "Perfect.");
    }
    return withContact(text, dice);
  }

  private static String withContact(String text, Dice dice) {
    if (!dice.chance(0.1)) {
      return text;
    }
    String name = dice.pick(NAMES);
    return dice.chance(0.5)
        ? text + " - " + name + ", " + name.toLowerCase().replace(' ', '.') + "@example.com"
        : text + " Call me: +1-202-555-01" + Ids.pad(dice.nextInt(100), 2) + " (" + name + ")";
  }
}
