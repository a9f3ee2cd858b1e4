import { chatScenarios } from './chat-scenarios';

chatScenarios('temporal');
