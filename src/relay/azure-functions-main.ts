/** Entry point of the Azure Functions app (package.json "main" of the deployment; see README). */
import { registerRelayFunction } from "./azure-functions";

registerRelayFunction();
