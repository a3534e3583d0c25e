import { greeting } from "./greeting.js";

document.body.textContent = greeting;
