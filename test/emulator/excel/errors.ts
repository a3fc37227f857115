/**
 * Errors shaped like Office's `OfficeExtension.Error` (a.k.a. `RichApi.Error`): `code`, `message`,
 * `debugInfo`, `traceMessages`, `innerError`. Codes are the ones Excel uses (`OfficeExtension.ErrorCodes`,
 * `Excel.ErrorCodes`).
 */
export type SimErrorCode =
  | "InvalidArgument"
  | "PropertyNotLoaded"
  | "ValueNotLoaded"
  | "ItemNotFound"
  | "ItemAlreadyExists"
  | "ApiNotFound"
  | "RequestPayloadSizeLimitExceeded"
  | "ResponsePayloadSizeLimitExceeded"
  | "InvalidObjectPath"
  | "InvalidRequestContext"
  | "InvalidOperation"
  | "InvalidOperationInCellEditMode"
  | "GeneralException"
  | "InvalidReference"
  | "OperationCellsExceedLimit";

export class SimOfficeError extends Error implements OfficeExtension.Error {
  override name = "RichApi.Error";
  override stack: string;
  code: SimErrorCode;
  traceMessages: string[] = [];
  debugInfo: OfficeExtension.DebugInfo;
  innerError: OfficeExtension.Error;

  constructor(code: SimErrorCode, message: string, errorLocation?: string) {
    super(message);
    this.code = code;
    this.stack = super.stack ?? "";
    this.debugInfo = { code, message, ...(errorLocation ? { errorLocation } : {}) };
    this.innerError = null as unknown as OfficeExtension.Error;
  }
}

export const invalidArgument = (message: string, where?: string) =>
  new SimOfficeError("InvalidArgument", message, where);
