import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import { truncate } from '../../discord/text.js';
import { TEXT_FIELD } from '../custom-ids.js';
import { ANSWER_LENGTH, QUESTION_LENGTH } from '../text-rules.js';

type Modal = APIModalInteractionResponseCallbackData;

function textModal(customId: string, title: string, label: string, options: { min: number; max: number; value?: string; placeholder?: string; long: boolean }): Modal {
  return {
    custom_id: customId,
    title: truncate(title, 45),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: TEXT_FIELD,
            label: truncate(label, 45),
            style: options.long ? TextInputStyle.Paragraph : TextInputStyle.Short,
            min_length: options.min,
            max_length: options.max,
            required: true,
            ...(options.value ? { value: options.value.slice(0, options.max) } : {}),
            ...(options.placeholder ? { placeholder: truncate(options.placeholder, 100) } : {}),
          },
        ],
      },
    ],
  };
}

export function answerModal(customId: string, number: number, current?: string): Modal {
  return textModal(customId, current ? `Edit your answer to #${number}` : `Answer #${number}`, 'Your answer', {
    min: ANSWER_LENGTH.min,
    max: ANSWER_LENGTH.max,
    long: true,
    ...(current ? { value: current } : { placeholder: `What worked for you, and why, in ${ANSWER_LENGTH.minWords} words or more. Links welcome.` }),
  });
}

export function questionModal(customId: string, title: string, current?: string): Modal {
  return textModal(customId, title, 'Your question', {
    min: QUESTION_LENGTH.min,
    max: QUESTION_LENGTH.max,
    long: true,
    ...(current ? { value: current } : {}),
  });
}
