export type ReportParseErrorCode =
  | "EmptyReport" // no bytes, or nothing but whitespace
  | "InvalidEncoding" // not UTF-8
  | "UnterminatedQuote" // a quoted field never closes: the download was cut or is not CSV
  | "MalformedQuote" // text right after a closing quote
  | "RaggedRow" // a row with more or fewer fields than the header
  | "UnknownReport";

/** A report that cannot be read. The message says what is wrong and where, for a person. */
export class ReportParseError extends Error {
  constructor(
    readonly code: ReportParseErrorCode,
    message: string,
    /** 1-based row of the CSV (the header is row 1) where the problem is, when known. */
    readonly row?: number,
  ) {
    super(message);
    this.name = "ReportParseError";
  }
}
