import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Case number and date of birth, typed on the keypad. Portrait: one column; landscape: the
// fields beside the keypad.
Rectangle {
    id: screen
    required property QtObject flowVm
    required property QtObject lookupVm
    readonly property bool landscape: width > height

    color: Theme.background

    component Field: ColumnLayout {
        id: field
        property string label
        property string hint
        property string value
        property bool active
        signal tapped()
        spacing: Math.round(Theme.spacing / 3)

        BodyText {
            Layout.fillWidth: true
            text: field.label
            font.weight: Font.DemiBold
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.buttonHeight
            radius: Theme.radius
            color: Theme.surface
            border.width: field.active ? 5 : 2
            border.color: field.active ? Theme.focus : Theme.border
            Accessible.role: Accessible.EditableText
            Accessible.name: field.label

            Text {
                // Pinned left to right: a case number or date never mirrors.
                anchors.centerIn: parent
                text: field.value
                textFormat: Text.PlainText
                color: Theme.text
                font.family: "DejaVu Sans Mono"
                font.pixelSize: Theme.title
                font.letterSpacing: 2
            }
            MouseArea { anchors.fill: parent; onClicked: field.tapped() }
        }
        BodyText {
            Layout.fillWidth: true
            text: field.hint
            color: Theme.textMuted
            font.pixelSize: Theme.small
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TopBar {
            Layout.fillWidth: true
            title: screen.flowVm.officeName
            flowVm: screen.flowVm
            onHome: screen.flowVm.home()
            onBack: screen.flowVm.back()
        }

        // Nothing here moves while someone types: the message slot keeps its height whether it
        // shows the instruction or an error, and keypad and "Check" keep their place below
        // (portrait: pinned above the accessibility bar, always in view).
        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: screen.landscape ? 2 : 1
            columnSpacing: Theme.margin
            rowSpacing: 0

            // Scrolls only when it must: large text with the accessibility bar's second row.
            Flickable {
                id: flick
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                contentWidth: width
                contentHeight: entry.implicitHeight + 2 * Theme.spacing
                boundsBehavior: Flickable.StopAtBounds

                ColumnLayout {
                    id: entry
                    x: Theme.margin
                    y: Theme.spacing
                    width: flick.width - (screen.landscape ? 1 : 2) * Theme.margin
                    spacing: Theme.spacing

                    Item {
                        id: messageSlot
                        objectName: "lookup_message_slot"
                        Layout.fillWidth: true
                        // Room for the instruction or for three lines of an error, whichever
                        // is taller; a longer error shrinks its font rather than push.
                        readonly property int errorLines: 3
                        readonly property int errorPad: Math.round(Theme.spacing * 0.6)
                        Layout.preferredHeight: Math.max(
                            instruction.implicitHeight,
                            Math.ceil(errorLines * errorMetrics.height * errorText.lineHeight)
                                + 2 * errorPad)

                        FontMetrics {
                            id: errorMetrics
                            font: errorText.font
                        }
                        BodyText {
                            id: instruction
                            objectName: "lookup_instruction"
                            width: parent.width
                            visible: errorText.text === ""
                            text: qsTr("Enter your case number and date of birth")
                            font.pixelSize: Theme.heading
                            font.weight: Font.Bold
                        }
                        Rectangle {
                            objectName: "lookup_error_box"
                            anchors.fill: parent
                            visible: errorText.text !== ""
                            radius: Theme.radius
                            color: Theme.errorBackground
                            border.color: Theme.errorText
                            border.width: 2
                            BodyText {
                                id: errorText
                                objectName: "lookup_error"
                                anchors.fill: parent
                                anchors.margins: messageSlot.errorPad
                                text: screen.lookupVm.errorText
                                color: Theme.errorText
                                font.weight: Font.DemiBold
                                verticalAlignment: Text.AlignVCenter
                                fontSizeMode: Text.VerticalFit
                                minimumPixelSize: Math.round(Theme.body * 0.7)
                                elide: Text.ElideRight
                            }
                        }
                    }
                    Field {
                        objectName: "case_field"
                        Layout.fillWidth: true
                        label: qsTr("Case number")
                        hint: qsTr("You find it at the top of our letter.")
                        value: screen.lookupVm.caseDisplay
                        active: screen.lookupVm.activeField === "case"
                        onTapped: screen.lookupVm.switchField("case")
                    }
                    Field {
                        objectName: "birth_field"
                        Layout.fillWidth: true
                        label: qsTr("Date of birth")
                        hint: qsTr("Day, month, year: for example 31.12.1990")
                        value: screen.lookupVm.birthDisplay
                        active: screen.lookupVm.activeField === "birth"
                        onTapped: screen.lookupVm.switchField("birth")
                    }
                }
            }

            ColumnLayout {
                id: pad
                objectName: "lookup_pad"
                Layout.fillWidth: !screen.landscape
                Layout.alignment: screen.landscape ? Qt.AlignTop : Qt.AlignBottom
                Layout.leftMargin: screen.landscape ? 0 : Theme.margin
                Layout.rightMargin: Theme.margin
                Layout.topMargin: screen.landscape ? Theme.margin : Theme.spacing
                Layout.bottomMargin: Theme.spacing
                spacing: Theme.spacing

                Keypad {
                    id: keypad
                    Layout.alignment: Qt.AlignHCenter
                    onDigit: value => screen.lookupVm.typeDigit(value)
                    onErase: screen.lookupVm.erase()
                    onClear: screen.lookupVm.clear()
                }
                BigButton {
                    objectName: "submit"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.buttonHeight * 1.15
                    primary: true
                    text: qsTr("Check status")
                    pixelSize: Theme.title
                    onClicked: screen.lookupVm.submit()
                }
            }
        }
    }
}
